using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;

namespace ConfigCenter.Client.Tests.Helpers;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Quick = new(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4));

    [Fact]
    public async Task ConnectionLoss_is_retried_up_to_the_limit()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<ConnectionLossException>(() => Quick.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new ConnectionLossException();
        }));

        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task A_later_success_is_returned()
    {
        var attempts = 0;

        var result = await Quick.ExecuteAsync(_ => ++attempts < 3 ? throw new ConnectionLossException() : Task.FromResult(attempts));

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<NoNodeException>(() => Quick.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new NoNodeException("/x");
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void Delays_grow_exponentially_with_jitter_and_stay_bounded()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        for (var retry = 0; retry < 10; retry++)
        {
            var ceiling = Math.Min(1000, 100 * Math.Pow(2, retry));
            var delay = policy.DelayBefore(retry).TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1, TimeSpan.Zero, TimeSpan.Zero));
    }
}
