namespace ConfigCenter.Server.Quorum.Transport;

/// <summary>
/// Bytes from another server do not form a valid frame or message: an unknown type, a truncated field,
/// trailing bytes, a negative length, a count the frame cannot hold, or a bad handshake. The connection
/// they came on is closed; nothing else is affected.
/// </summary>
internal sealed class PeerProtocolException(string message) : Exception(message);
