using System.Data.Common;

namespace ConfigCenter.Samples.Orders.Data;

/// <summary>One query's hold on a data source: the source stays open until every lease on it is disposed.</summary>
public sealed class DataSourceLease : IDisposable
{
    private CountedDataSource? _source;

    internal DataSourceLease(CountedDataSource source) => _source = source;

    public DbDataSource DataSource => (_source ?? throw new ObjectDisposedException(nameof(DataSourceLease))).DataSource;

    public void Dispose() => Interlocked.Exchange(ref _source, null)?.Release();
}
