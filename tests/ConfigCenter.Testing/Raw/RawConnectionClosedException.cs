namespace ConfigCenter.Testing.Raw;

/// <summary>The connection ended while a request was waiting for its reply.</summary>
public sealed class RawConnectionClosedException(string message, Exception? inner = null) : Exception(message, inner);
