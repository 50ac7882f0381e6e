namespace ConfigCenter.Server.Configuration;

/// <summary>
/// A zoo.cfg (or myid file) could not be turned into a <see cref="ServerConfig"/>. The message always
/// names the source file and, when one is to blame, the key and the offending value.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message, string sourceName, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        SourceName = sourceName;
        Key = key;
    }

    /// <summary>The file (or the caller's label for the text) the configuration came from.</summary>
    public string SourceName { get; }

    /// <summary>The zoo.cfg key at fault, or null when the problem is not tied to one key.</summary>
    public string? Key { get; }
}
