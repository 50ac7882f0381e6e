namespace ConfigCenter.Configuration;

/// <summary>
/// The first load could not read the configuration (the ensemble was unreachable or refused the
/// credentials), no cache file was available, and the source is not optional.
/// </summary>
public sealed class ZkConfigurationUnavailableException : Exception
{
    /// <summary>Creates the exception; the message names the hosts and the root.</summary>
    public ZkConfigurationUnavailableException(string connectString, string root, string reason, Exception? innerException = null)
        : base($"Could not load configuration from ZooKeeper '{connectString}' at '{root}': {reason}", innerException)
    {
        ConnectString = connectString;
        Root = root;
    }

    /// <summary>The ensemble's hosts.</summary>
    public string ConnectString { get; }

    /// <summary>The configuration root znode.</summary>
    public string Root { get; }
}
