namespace ConfigCenter.Client;

/// <summary>A transition of the client's connection state.</summary>
/// <param name="Previous">The state before the change.</param>
/// <param name="Current">The state after the change.</param>
/// <param name="SessionId">The session the client holds after the change (0 when it holds none).</param>
public sealed record ConnectionStateChange(ConnectionState Previous, ConnectionState Current, long SessionId);
