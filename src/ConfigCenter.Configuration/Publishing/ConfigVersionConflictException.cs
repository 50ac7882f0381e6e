namespace ConfigCenter.Configuration.Publishing;

/// <summary>
/// Someone else changed the configuration since it was read: an expected version did not match, or a
/// node appeared or vanished meanwhile. Nothing was written; read again and retry.
/// </summary>
public sealed class ConfigVersionConflictException : Exception
{
    /// <summary>Creates the exception for the znode at <paramref name="path"/>.</summary>
    public ConfigVersionConflictException(string path, int? expectedVersion, int? actualVersion, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The znode where the conflict was found.</summary>
    public string Path { get; }

    /// <summary>The version the caller expected, if it gave one.</summary>
    public int? ExpectedVersion { get; }

    /// <summary>The version found, or null when the node does not exist (or could not be read).</summary>
    public int? ActualVersion { get; }
}
