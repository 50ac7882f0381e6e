namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>How each load connection behaves.</summary>
/// <param name="Window">Requests one connection may have awaiting replies.</param>
/// <param name="SessionTimeoutMs">Requested session timeout; pings go out after a third of the negotiated one without traffic.</param>
/// <param name="ConnectTimeout">For the TCP connect and the handshake.</param>
/// <param name="DrainTimeout">How long to wait for the last replies once sending has stopped.</param>
internal sealed record ConnectionSettings(int Window, int SessionTimeoutMs, TimeSpan ConnectTimeout, TimeSpan DrainTimeout);
