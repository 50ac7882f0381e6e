using ConfigCenter.Protocol;

namespace ConfigCenter.Server.Pipeline;

/// <summary>A request failed with a ZooKeeper error code; caught where the request's reply is built.</summary>
internal sealed class KeeperErrorException(ErrorCode code, string? path = null)
    : Exception($"{code}{(path is null ? "" : " for " + path)}")
{
    public ErrorCode Code { get; } = code;
}
