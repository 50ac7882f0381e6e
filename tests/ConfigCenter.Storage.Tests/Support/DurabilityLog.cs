using System.Collections.Concurrent;

namespace ConfigCenter.Storage.Tests.Support;

/// <summary>Records what a TxnLogWriter reports, from its thread, for the test to inspect.</summary>
internal sealed class DurabilityLog
{
    private readonly ConcurrentQueue<long> _durable = new();
    private readonly ConcurrentQueue<(long FromZxid, Exception Error)> _failures = new();

    public void Durable(long zxid) => _durable.Enqueue(zxid);

    public void Failed(long fromZxid, Exception error) => _failures.Enqueue((fromZxid, error));

    public IReadOnlyList<long> DurableReports => _durable.ToArray();
    public IReadOnlyList<(long FromZxid, Exception Error)> Failures => _failures.ToArray();
    public long LastDurable => _durable.IsEmpty ? 0 : _durable.ToArray()[^1];
}
