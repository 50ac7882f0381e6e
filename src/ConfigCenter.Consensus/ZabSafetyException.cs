namespace ConfigCenter.Consensus;

/// <summary>
/// An input would make the peer violate a safety property (truncate or roll back committed history,
/// break the log's zxid order). It means a bug or a corrupted peer; the peer must stop rather than
/// continue with damaged history, as ZooKeeper exits in the same situations.
/// </summary>
public sealed class ZabSafetyException : Exception
{
    public ZabSafetyException(string message) : base(message)
    {
    }
}
