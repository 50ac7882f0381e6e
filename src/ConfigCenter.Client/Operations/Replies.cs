using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Operations;

/// <summary>Shared pieces of reply decoding.</summary>
internal static class Replies
{
    public static void ThrowIfError(ErrorCode err, string? clientPath)
    {
        if (err != ErrorCode.Ok) throw KeeperException.Create(err, clientPath);
    }

    /// <summary>ZooKeeper can store null data; callers get an empty array instead.</summary>
    public static byte[] DataOrEmpty(byte[]? data) => data ?? [];
}
