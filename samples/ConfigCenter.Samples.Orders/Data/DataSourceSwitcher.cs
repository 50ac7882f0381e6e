using System.Data.Common;

namespace ConfigCenter.Samples.Orders.Data;

/// <summary>
/// Hands out the current data source and replaces it without dropping a query: new queries go to the
/// new data source at once, queries already running finish on the old one, and the old one is disposed
/// (closing its pooled connections) when the last of them is done.
/// </summary>
/// <remarks>
/// Each data source carries a reference count that starts at one, the switcher's own reference. A query
/// takes a reference with <see cref="Acquire"/> and gives it back by disposing the lease. A switch swaps
/// the current source first and only then drops the switcher's reference, so a query that raced the swap
/// and found the old source already at zero simply takes the new one.
/// </remarks>
public sealed class DataSourceSwitcher : IAsyncDisposable
{
    private readonly ILogger<DataSourceSwitcher> _logger;
    private CountedDataSource? _current;

    public DataSourceSwitcher(ILogger<DataSourceSwitcher> logger) => _logger = logger;

    /// <summary>The connection string of the data source new queries use; null before the first switch.</summary>
    public string? CurrentConnectionString => Volatile.Read(ref _current)?.ConnectionString;

    /// <summary>Raised after an old data source was disposed, with its connection string (for logs and tests).</summary>
    public event Action<string>? Retired;

    /// <summary>Takes a reference on the current data source; dispose the lease when the query is done.</summary>
    /// <exception cref="InvalidOperationException">No data source was set yet, or the switcher was disposed.</exception>
    public DataSourceLease Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current) ?? throw new InvalidOperationException("No database is configured.");
            if (current.TryAddReference()) return new DataSourceLease(current);
            // It was retired and drained between the read and the increment: the swap has already happened.
        }
    }

    /// <summary>Sends new queries to <paramref name="dataSource"/>; the previous source is disposed once idle.</summary>
    public void Switch(DbDataSource dataSource, string connectionString)
    {
        var next = new CountedDataSource(dataSource, connectionString, OnDrained);
        var previous = Interlocked.Exchange(ref _current, next);
        if (previous is null) return;
        _logger.LogInformation("New queries use the new database; the previous pool closes when its {InFlight} query(ies) finish",
            previous.InFlight);
        previous.Release();
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _current, null)?.Release();
        return ValueTask.CompletedTask;
    }

    private void OnDrained(CountedDataSource drained)
    {
        // Runs on the thread of the last query; disposing closes idle pooled connections, which does no I/O worth awaiting here.
        _ = DisposeDrainedAsync(drained);
    }

    private async Task DisposeDrainedAsync(CountedDataSource drained)
    {
        try
        {
            await drained.DataSource.DisposeAsync();
            _logger.LogInformation("The previous database pool is closed");
            Retired?.Invoke(drained.ConnectionString);
        }
        catch (Exception exception)
        {
            _logger.LogWarning(exception, "Closing the previous database pool failed");
        }
    }
}
