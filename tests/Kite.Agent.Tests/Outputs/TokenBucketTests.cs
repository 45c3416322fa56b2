using Kite.Agent.Outputs;

namespace Kite.Agent.Tests.Outputs;

public sealed class TokenBucketTests
{
    private const long Second = 1000;

    [Fact]
    public void StartsFullAndEmptiesAfterMaxBurst()
    {
        var bucket = new TokenBucket(rate: 1, maxBurst: 3, nowTimestamp: 0, timestampFrequency: Second);

        Assert.True(bucket.TryTake(0));
        Assert.True(bucket.TryTake(0));
        Assert.True(bucket.TryTake(0));
        Assert.False(bucket.TryTake(0));
    }

    [Fact]
    public void RefillsAtTheRateUpToMaxBurst()
    {
        var bucket = new TokenBucket(rate: 2, maxBurst: 3, nowTimestamp: 0, timestampFrequency: Second);
        for (int i = 0; i < 3; i++)
            bucket.TryTake(0);

        Assert.False(bucket.TryTake(Second / 4));
        Assert.True(bucket.TryTake(Second / 2));
        Assert.False(bucket.TryTake(Second / 2));
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => bucket.TryTake(100 * Second)));
    }

    [Fact]
    public void SlowRateFromFalcoDefaultsAllowsOneEveryThirtySeconds()
    {
        var bucket = new TokenBucket(rate: 0.03333, maxBurst: 1, nowTimestamp: 0, timestampFrequency: Second);

        Assert.True(bucket.TryTake(0));
        Assert.False(bucket.TryTake(29 * Second));
        Assert.True(bucket.TryTake(31 * Second));
    }
}
