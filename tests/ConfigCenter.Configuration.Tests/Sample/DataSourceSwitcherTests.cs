using System.Data.Common;
using ConfigCenter.Samples.Orders.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConfigCenter.Configuration.Tests.Sample;

/// <summary>The reference counting behind the sample's live database switch, without a database.</summary>
public sealed class DataSourceSwitcherTests
{
    [Fact]
    public async Task The_old_source_is_disposed_only_after_its_last_query_and_new_queries_use_the_new_one()
    {
        await using var switcher = new DataSourceSwitcher(NullLogger<DataSourceSwitcher>.Instance);
        var first = new FakeDataSource("first");
        var second = new FakeDataSource("second");
        switcher.Switch(first, "first");
        var inFlight = switcher.Acquire();

        switcher.Switch(second, "second");
        using (var lease = switcher.Acquire()) Assert.Same(second, lease.DataSource);

        Assert.Same(first, inFlight.DataSource);
        Assert.False(first.Disposed.IsCompleted);
        inFlight.Dispose();
        await first.Disposed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.Disposed.IsCompleted);
        inFlight.Dispose(); // a second dispose of a lease changes nothing
    }

    [Fact]
    public async Task An_idle_old_source_is_disposed_at_the_switch_and_disposing_the_switcher_disposes_the_current_one()
    {
        var first = new FakeDataSource("first");
        var second = new FakeDataSource("second");
        var switcher = new DataSourceSwitcher(NullLogger<DataSourceSwitcher>.Instance);
        switcher.Switch(first, "first");
        switcher.Switch(second, "second");
        await first.Disposed.WaitAsync(TimeSpan.FromSeconds(5));

        await switcher.DisposeAsync();
        await second.Disposed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Throws<InvalidOperationException>(() => switcher.Acquire());
    }

    [Fact]
    public async Task Concurrent_queries_and_switches_never_use_a_disposed_source()
    {
        await using var switcher = new DataSourceSwitcher(NullLogger<DataSourceSwitcher>.Instance);
        var sources = Enumerable.Range(0, 200).Select(i => new FakeDataSource($"s{i}")).ToList();
        switcher.Switch(sources[0], "s0");
        using var stop = new CancellationTokenSource();
        var misuse = 0;
        var queries = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var lease = switcher.Acquire();
                if (((FakeDataSource)lease.DataSource).Disposed.IsCompleted) Interlocked.Increment(ref misuse);
            }
        })).ToList();

        foreach (var source in sources.Skip(1)) switcher.Switch(source, source.Name);
        await stop.CancelAsync();
        await Task.WhenAll(queries);

        Assert.Equal(0, misuse);
        await Task.WhenAll(sources.SkipLast(1).Select(source => source.Disposed.WaitAsync(TimeSpan.FromSeconds(5))));
    }

    private sealed class FakeDataSource(string name) : DbDataSource
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;
        public Task Disposed => _disposed.Task;
        public override string ConnectionString => name;

        protected override DbConnection CreateDbConnection() => throw new NotSupportedException();

        protected override ValueTask DisposeAsyncCore()
        {
            if (!_disposed.TrySetResult()) throw new InvalidOperationException($"{name} was disposed twice.");
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed.TrySetResult()) throw new InvalidOperationException($"{name} was disposed twice.");
        }
    }
}
