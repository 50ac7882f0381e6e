using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>The result of create2: the actual path (with the sequence suffix for sequential nodes) and the new node's status.</summary>
/// <param name="Path">The created node's path, relative to the chroot.</param>
/// <param name="Stat">The created node's status.</param>
public sealed record CreatedNode(string Path, Stat Stat);
