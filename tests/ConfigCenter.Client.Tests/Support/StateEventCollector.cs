using ConfigCenter.Client.Watches;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Tests.Support;

/// <summary>A default watcher recording the connection-state events (type None) a client delivers.</summary>
public sealed class StateEventCollector : IWatcher
{
    private readonly List<KeeperState> _states = [];

    public IReadOnlyList<KeeperState> States
    {
        get { lock (_states) return [.. _states]; }
    }

    public void Process(WatchedEvent watchedEvent)
    {
        if (watchedEvent.Type != EventType.None) return;
        lock (_states) _states.Add(watchedEvent.State);
    }
}
