using System.Data.Common;

namespace ConfigCenter.Samples.Orders.Data;

/// <summary>A data source with a reference count; at zero it can never be taken again and is handed to <c>onDrained</c>.</summary>
public sealed class CountedDataSource(DbDataSource dataSource, string connectionString, Action<CountedDataSource> onDrained)
{
    private int _references = 1;

    public DbDataSource DataSource { get; } = dataSource;

    public string ConnectionString { get; } = connectionString;

    /// <summary>References held by queries (the switcher's own is not counted).</summary>
    public int InFlight => Math.Max(0, Volatile.Read(ref _references) - 1);

    /// <summary>Adds a reference unless the count already reached zero (then the source is gone for good).</summary>
    public bool TryAddReference()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var before = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (before == seen) return true;
            seen = before;
        }
        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0) onDrained(this);
    }
}
