using Hiy.Core;

namespace Hiy.Tests.Core;

public class EnvKeyTests
{
    [Theory]
    [InlineData("DATABASE_URL", true)]
    [InlineData("_x1", true)]
    [InlineData("1X", false)]
    [InlineData("A-B", false)]
    [InlineData("A B", false)]
    [InlineData("", false)]
    [InlineData("A=B", false)]
    public void Check_Key_ValidOrNot(string key, bool valid) => Assert.Equal(valid, EnvKey.Check(key) is null);
}
