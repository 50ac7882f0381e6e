using System.Diagnostics.CodeAnalysis;

namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// A simulator's scheduler and clock: one priority queue of events ordered by simulated time, events of the same
/// instant in the order they were scheduled, so a seed replays exactly.
/// </summary>
/// <param name="maxSteps">More steps than this is a runaway loop of events at one instant.</param>
internal sealed class EventQueue<TEvent>(long maxSteps)
{
    private readonly PriorityQueue<TEvent, (long Time, long Seq)> _queue = new();
    private long _seq;

    public long Now { get; private set; }

    public long Steps { get; private set; }

    public void Schedule(long delay, TEvent ev) => ScheduleAt(Now + delay, ev);

    /// <summary>Never in the past: an event for an earlier time happens now.</summary>
    public void ScheduleAt(long time, TEvent ev) => _queue.Enqueue(ev, (Math.Max(time, Now), ++_seq));

    /// <summary>Takes the next event and moves the clock to its time; false when none is left.</summary>
    public bool TryNext([MaybeNullWhen(false)] out TEvent ev)
    {
        if (!_queue.TryDequeue(out ev, out var at)) return false;
        Now = at.Time;
        if (++Steps > maxSteps) throw new SimulationFailure($"runaway: more than {maxSteps} steps");
        return true;
    }
}
