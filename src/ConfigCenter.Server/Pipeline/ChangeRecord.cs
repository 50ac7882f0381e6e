using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Server.Pipeline;

/// <summary>
/// What a node will look like once the transactions prepared so far are applied; null fields
/// of a deleted node are never read because <see cref="Exists"/> is false.
/// </summary>
internal sealed record ChangeRecord(
    string Path,
    long Zxid,
    bool Exists,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int ChildCount,
    IReadOnlyList<Acl> Acl);
