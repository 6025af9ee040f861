using Hiy.Stacks;
using Hiy.Store;

namespace Hiy.Tests.Stacks;

public class DeploymentTransitionsTests
{
    /// <summary>Hoster's README "Valid transitions", plus pending → deleting (nothing ever ran).</summary>
    public static TheoryData<DeploymentStatus, DeploymentStatus> Valid => new()
    {
        { DeploymentStatus.Pending, DeploymentStatus.Scheduled },
        { DeploymentStatus.Scheduled, DeploymentStatus.Starting },
        { DeploymentStatus.Starting, DeploymentStatus.Running },
        { DeploymentStatus.Starting, DeploymentStatus.Failed },
        { DeploymentStatus.Running, DeploymentStatus.Stopping },
        { DeploymentStatus.Running, DeploymentStatus.Failed },
        { DeploymentStatus.Stopping, DeploymentStatus.Stopped },
        { DeploymentStatus.Stopped, DeploymentStatus.Starting },
        { DeploymentStatus.Stopped, DeploymentStatus.Deleting },
        { DeploymentStatus.Failed, DeploymentStatus.Starting },
        { DeploymentStatus.Failed, DeploymentStatus.Deleting },
        { DeploymentStatus.Deleting, DeploymentStatus.Deleted },
        { DeploymentStatus.Pending, DeploymentStatus.Deleting },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void CanMove_HosterTransition_IsAllowed(DeploymentStatus from, DeploymentStatus to) => Assert.True(DeploymentTransitions.CanMove(from, to));

    [Fact]
    public void CanMove_EveryOtherPair_IsRefused()
    {
        var valid = Valid.Select(row => ((DeploymentStatus)row[0], (DeploymentStatus)row[1])).ToHashSet();
        var refused = 0;
        foreach (var from in Enum.GetValues<DeploymentStatus>())
        {
            foreach (var to in Enum.GetValues<DeploymentStatus>())
            {
                if (valid.Contains((from, to)))
                    continue;
                Assert.False(DeploymentTransitions.CanMove(from, to), $"{from} → {to}");
                refused++;
            }
        }
        Assert.Equal(81 - 13, refused);
    }

    [Theory]
    [InlineData("running", DeploymentStatus.Running)]
    [InlineData("deleted", DeploymentStatus.Deleted)]
    public void Parse_StoredText_RoundTrips(string text, DeploymentStatus status)
    {
        Assert.Equal(status, DeploymentRecord.ParseStatus(text));
        Assert.Equal(text, DeploymentRecord.StatusText(status));
    }

    [Theory]
    [InlineData(DeploymentStatus.Scheduled, "Starting,Failed")]
    [InlineData(DeploymentStatus.Starting, "Failed")]
    [InlineData(DeploymentStatus.Stopping, "Stopped")]
    [InlineData(DeploymentStatus.Deleting, "")]
    [InlineData(DeploymentStatus.Running, "")]
    [InlineData(DeploymentStatus.Pending, "")]
    public void Recovery_LeftMidChange_SettlesThroughTheTable(DeploymentStatus left, string moves)
    {
        var path = DeploymentRecovery.Moves(left);

        Assert.Equal(moves, string.Join(",", path));
        var from = left;
        foreach (var to in path)
        {
            Assert.True(DeploymentTransitions.CanMove(from, to), $"{from} → {to}");
            from = to;
        }
    }
}
