using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Operations;

/// <summary>A znode's ACL and status.</summary>
/// <param name="Acl">The access control list.</param>
/// <param name="Stat">The node's status (aversion is the ACL version).</param>
public sealed record NodeAcl(IReadOnlyList<Acl> Acl, Stat Stat);
