namespace ConfigCenter.Discovery;

/// <summary>
/// Decides whether a service's new registry list is served or the previous one is held: a list that
/// shrinks below <c>threshold × served</c> in one step is held until it recovers or <c>timeout</c> passes.
/// Pure logic over the clock value it is given; one per service.
/// </summary>
internal sealed class ShrinkProtection(double threshold, TimeSpan timeout)
{
    private DateTimeOffset? _holdingSince;

    /// <summary>When the current hold started, or null when not holding.</summary>
    public DateTimeOffset? HoldingSince => _holdingSince;

    /// <summary>When the current hold ends at the latest, or null when not holding.</summary>
    public DateTimeOffset? HoldUntil => _holdingSince + timeout;

    public Decision Decide(IReadOnlyList<ZkServiceInstance> served, IReadOnlyList<ZkServiceInstance> registered, DateTimeOffset now)
    {
        var shrankTooFar = threshold > 0 && served.Count > 0 && registered.Count < threshold * served.Count;
        if (!shrankTooFar)
        {
            var released = _holdingSince is not null;
            _holdingSince = null;
            return new Decision(registered, false, released ? Transition.Released : Transition.None);
        }

        var started = _holdingSince is null;
        _holdingSince ??= now;
        if (now - _holdingSince >= timeout)
        {
            _holdingSince = null;
            return new Decision(registered, false, Transition.Expired);
        }

        // Keep every instance served before, with fresh data for those still registered (a status change
        // must still apply), plus any that newly appeared.
        var fresh = registered.ToDictionary(instance => instance.InstanceId, StringComparer.Ordinal);
        var held = served.Select(instance => fresh.GetValueOrDefault(instance.InstanceId, instance)).ToList();
        held.AddRange(registered.Where(instance => served.All(previous => previous.InstanceId != instance.InstanceId)));
        held.Sort((a, b) => string.CompareOrdinal(a.InstanceId, b.InstanceId));
        return new Decision(held, true, started ? Transition.Started : Transition.None);
    }

    /// <summary>What to serve, whether it is a held list, and what changed about the hold.</summary>
    public sealed record Decision(IReadOnlyList<ZkServiceInstance> Instances, bool IsProtected, Transition Transition);

    public enum Transition
    {
        None,
        Started,
        Released,
        Expired,
    }
}
