using Hiy.Web.Git;

namespace Hiy.Tests.Web.Git;

public class PushAnnouncementTests
{
    private const string Old = "0000000000000000000000000000000000000000";
    private const string New = "1111111111111111111111111111111111111111";

    [Fact]
    public void Parse_QuarantineRefsAndEnd_AllRead()
    {
        var a = PushAnnouncement.Parse([
            "quarantine /data/git/blog.git/./objects/tmp_objdir-incoming-AbC123",
            $"{Old} {New} refs/heads/main",
            $"{New} {Old} refs/heads/old",
            "end",
            $"{Old} {New} refs/heads/after-end",
        ]);

        Assert.Equal("/data/git/blog.git/./objects/tmp_objdir-incoming-AbC123", a.Quarantine);
        Assert.Equal(["refs/heads/main", "refs/heads/old"], a.Updates.Select(u => u.Ref));
        Assert.False(a.Updates[0].IsDeletion);
        Assert.True(a.Updates[1].IsDeletion);
    }

    [Theory]
    [InlineData("quarantine ")]
    [InlineData("quarantine    ")]
    public void Parse_EmptyQuarantine_Null(string line) =>
        Assert.Null(PushAnnouncement.Parse([line, $"{Old} {New} refs/heads/main", "end"]).Quarantine);

    [Fact]
    public void Parse_NoEndLine_ReadsToTheEnd() =>
        Assert.Single(PushAnnouncement.Parse([$"{Old} {New} refs/heads/main"]).Updates);

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("abc def refs/heads/main")]
    public void Parse_JunkLines_Skipped(string junk) =>
        Assert.Single(PushAnnouncement.Parse([junk, $"{Old} {New} refs/heads/main", "end"]).Updates);

    [Theory]
    [InlineData("/data/git/blog.git/./objects/tmp_objdir-incoming-AbC123", "/data/git/blog.git/objects/tmp_objdir-incoming-AbC123")]
    [InlineData("/data/git/blog.git/objects/tmp_objdir-incoming-x", "/data/git/blog.git/objects/tmp_objdir-incoming-x")]
    [InlineData("/data/git/blog.git/objects/../../other.git/objects/tmp_objdir-incoming-x", null)]
    [InlineData("/data/git/other.git/objects/tmp_objdir-incoming-x", null)]
    [InlineData("/data/git/blog.git/objects/pack", null)]
    [InlineData("/data/git/blog.git/objects/tmp_objdir-incoming-x/deeper", null)]
    [InlineData("/etc", null)]
    [InlineData("objects/tmp_objdir-incoming-x", null)]
    [InlineData(null, null)]
    public void QuarantineIn_OnlyReceivePacksOwnDirectory(string? quarantine, string? expected) =>
        Assert.Equal(expected, PushAnnouncement.QuarantineIn("/data/git/blog.git", quarantine));

    [Theory]
    [InlineData(true, "\u0001status 0")]
    [InlineData(false, "\u0001status 1")]
    public void StatusLine_Verdict_MarkedLine(bool accept, string expected) =>
        Assert.Equal(expected, PushRelay.StatusLine(accept));

    [Theory]
    [InlineData("\u0001status 0", "status 0")]
    [InlineData("two\nlines\r", "two lines ")]
    [InlineData("Step 1/2 : FROM busybox", "Step 1/2 : FROM busybox")]
    [InlineData("\u001b[31mred\u001b[0m", "\u001b[31mred\u001b[0m")]
    public void LogLine_BuildOutput_NeverAVerdictAndOneLine(string line, string expected) =>
        Assert.Equal(expected, PushRelay.LogLine(line));
}
