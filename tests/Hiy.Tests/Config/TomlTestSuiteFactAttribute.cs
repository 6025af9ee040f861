namespace Hiy.Tests.Config;

/// <summary>
/// A [Fact] that is skipped, with directions for getting the suite, when the toml-test suite is absent,
/// unless HIY_REQUIRE_CONFORMANCE=1, where it runs and fails instead. (xunit 2 has no runtime skip, so
/// the decision is made here, when the attribute is built during discovery.)
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class TomlTestSuiteFactAttribute : FactAttribute
{
    public TomlTestSuiteFactAttribute()
    {
        if (TomlTestSuite.Directory is null && !TomlTestSuite.Required)
            Skip = TomlTestSuite.MissingMessage;
    }
}
