using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>A znode's child names (unordered, as the server lists them) and its status.</summary>
/// <param name="Children">The names of the children, without the parent path.</param>
/// <param name="Stat">The parent's status at the time of the read.</param>
public sealed record NodeChildren(IReadOnlyList<string> Children, Stat Stat);
