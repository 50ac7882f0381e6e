using System.Text.Json;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>A Stat as kazoo reports it (its ZnodeStat field names).</summary>
public sealed record ZnodeStat(
    long Czxid, long Mzxid, long Pzxid, long Ctime, long Mtime,
    int Version, int Cversion, int Aversion, long EphemeralOwner, int DataLength, int NumChildren)
{
    public static ZnodeStat From(JsonElement stat) => new(
        stat.Long("czxid"), stat.Long("mzxid"), stat.Long("pzxid"), stat.Long("ctime"), stat.Long("mtime"),
        (int)stat.Long("version"), (int)stat.Long("cversion"), (int)stat.Long("aversion"),
        stat.Long("ephemeralOwner"), (int)stat.Long("dataLength"), (int)stat.Long("numChildren"));
}
