using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>A znode's data and status. A node stored with null data reads as an empty array.</summary>
/// <param name="Data">The node's bytes.</param>
/// <param name="Stat">The node's status at the time of the read.</param>
public sealed record NodeData(byte[] Data, Stat Stat);
