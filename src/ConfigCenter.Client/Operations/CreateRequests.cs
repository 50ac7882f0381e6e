using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>Builds the create request for a mode: containers and TTL nodes have their own opcodes.</summary>
internal static class CreateRequests
{
    /// <summary>ZooKeeper's upper bound on a TTL (EphemeralType.MAX_EXTENDED_SERVER_ID aside: 2^40 - 1 ms).</summary>
    private const long MaxTtlMilliseconds = (1L << 40) - 1;

    public static (OpCode OpCode, CreateRequest Request) Build(
        string serverPath, byte[]? data, IReadOnlyList<Acl> acl, CreateMode mode, TimeSpan? ttl, bool withStat)
    {
        if (!mode.IsValid()) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown create mode.");
        ArgumentNullException.ThrowIfNull(acl);
        if (acl.Count == 0) throw new ArgumentException("An ACL needs at least one entry.", nameof(acl));
        if (mode.IsTtl())
        {
            var milliseconds = ttl is { } value ? (long)value.TotalMilliseconds : 0;
            if (milliseconds is <= 0 or > MaxTtlMilliseconds)
                throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A TTL node needs a TTL between 1 ms and 2^40-1 ms.");
            return (OpCode.CreateTtl, new CreateRequest(serverPath, data, acl, (int)mode, milliseconds));
        }
        if (ttl is not null) throw new ArgumentException($"A TTL only applies to TTL create modes, not {mode}.", nameof(ttl));
        var opCode = mode.IsContainer() ? OpCode.CreateContainer : withStat ? OpCode.Create2 : OpCode.Create;
        return (opCode, new CreateRequest(serverPath, data, acl, (int)mode));
    }

    /// <summary>create answers with a path alone; create2, createContainer and createTTL add a Stat.</summary>
    public static bool RepliesWithStat(OpCode opCode) => opCode != OpCode.Create;
}
