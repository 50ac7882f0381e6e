using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Watches;

/// <summary>
/// What a watcher is told: a node event (Type other than None, with the client-side Path), or a
/// connection state event (Type None, Path null).
/// </summary>
/// <param name="Type">The kind of event.</param>
/// <param name="State">The connection state when the event happened.</param>
/// <param name="Path">The znode the event concerns, relative to the chroot; null for state events.</param>
public sealed record WatchedEvent(EventType Type, KeeperState State, string? Path);
