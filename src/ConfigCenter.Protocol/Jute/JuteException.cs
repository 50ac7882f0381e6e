namespace ConfigCenter.Protocol.Jute;

/// <summary>A record could not be decoded: truncated, negative length, or over a limit. Maps to MarshallingError.</summary>
public sealed class JuteException(string message) : Exception(message);
