using System.Collections.Concurrent;

namespace ConfigCenter.Discovery;

/// <summary>
/// Passive outlier ejection, as Curator's DownInstancePolicy: after <c>failuresBeforeEjection</c>
/// consecutive connection failures an instance is skipped for <c>ejectionDuration</c>. It covers the
/// gap between a crash and the registry noticing (the session timeout).
/// </summary>
internal sealed class FailedInstanceTracker(int failuresBeforeEjection, TimeSpan ejectionDuration, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool IsEjected(string instanceId) =>
        _entries.TryGetValue(instanceId, out var entry) && entry.EjectedUntil is { } until && time.GetUtcNow() < until;

    public void ReportSuccess(string instanceId) => _entries.TryRemove(instanceId, out _);

    /// <summary>Counts a failure; returns true when it ejects the instance.</summary>
    public bool ReportFailure(string instanceId)
    {
        if (failuresBeforeEjection <= 0) return false;
        var ejected = false;
        _entries.AddOrUpdate(
            instanceId,
            _ => Next(new Entry(0, null), ref ejected),
            (_, entry) => Next(entry, ref ejected));
        return ejected;
    }

    private Entry Next(Entry entry, ref bool ejected)
    {
        var failures = entry.Failures + 1;
        if (failures < failuresBeforeEjection) return entry with { Failures = failures };
        ejected = true;
        return new Entry(0, time.GetUtcNow() + ejectionDuration);
    }

    private sealed record Entry(int Failures, DateTimeOffset? EjectedUntil);
}
