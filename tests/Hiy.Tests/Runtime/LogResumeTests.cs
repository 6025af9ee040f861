using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Tests.Runtime;

public class LogResumeTests
{
    private static readonly DateTimeOffset Second = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Docker's replayed time of a line: nanoseconds, of which .NET keeps 100 ns ticks.</summary>
    private static DateTimeOffset At(long ticks) => Second.AddTicks(ticks);

    [Fact]
    public void IsStored_ReplayOfTheLastLineAfterTheContainerExited_IsSkipped()
    {
        // The defect: the collector stored "bye" at …00.1234567 (kept as …00.123), the container exited, the
        // follow ended, and the next collector (the container restarted) replays from the whole second.
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var app = new AppRepository(db, new ManualTimeProvider()).Create(new AppRecord { Name = "blog" })!;
        var logs = new LogRepository(db);
        logs.Append(app.Id, [(At(1_000_000), "stdout", "hello"), (At(1_234_567), "stdout", "bye")]);

        var resume = new LogResume(logs.AtNewestTime(app.Id));

        Assert.Equal(Second.AddMilliseconds(123), resume.Since);
        Assert.True(resume.IsStored(At(1_000_000), "stdout", "hello"));
        Assert.True(resume.IsStored(At(1_234_567), "stdout", "bye"));
        Assert.False(resume.IsStored(At(5_000_000), "stdout", "after the restart"));
    }

    [Fact]
    public void IsStored_NewLineInTheSameMillisecondAsTheNewestStored_IsKept()
    {
        var stored = new LogLine(1, Second.AddMilliseconds(123), "stdout", "bye");
        var resume = new LogResume([stored]);

        Assert.True(resume.IsStored(At(1_234_567), "stdout", "bye"));
        Assert.False(resume.IsStored(At(1_234_999), "stdout", "bye"));
        Assert.False(resume.IsStored(At(1_235_000), "stderr", "other"));
    }

    [Fact]
    public void IsStored_SameMillisecondDifferentText_IsKept() =>
        Assert.False(new LogResume([new LogLine(1, Second.AddMilliseconds(123), "stdout", "bye")])
            .IsStored(At(1_234_567), "stdout", "something else"));

    [Fact]
    public void IsStored_NothingStored_KeepsEverything()
    {
        var resume = new LogResume([]);

        Assert.Null(resume.Since);
        Assert.False(resume.IsStored(At(1), "stdout", "first"));
    }

    [Fact]
    public void IsStored_LineWithoutTimestamp_IsKept() =>
        Assert.False(new LogResume([new LogLine(1, Second, "stdout", "x")]).IsStored(null, "stdout", "x"));
}
