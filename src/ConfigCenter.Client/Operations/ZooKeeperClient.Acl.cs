using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client;

// ACL operations.
public sealed partial class ZooKeeperClient
{
    /// <summary>The node's ACL and status.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    public Task<NodeAcl> GetAclAsync(string path, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        var request = new GetAclRequest(ChrootPath.ToServer(path));
        return WithReadRetry(token => SendAsync(OpCode.GetAcl, request, path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                var response = GetAclResponse.Read(ref body);
                return new NodeAcl(response.Acl, response.Stat);
            }, token), cancellationToken);
    }

    /// <summary>Replaces the node's ACL, only if its ACL version matches (-1 matches any); returns the new status.</summary>
    /// <exception cref="NoNodeException">The node does not exist.</exception>
    /// <exception cref="BadVersionException">The ACL version did not match.</exception>
    /// <exception cref="InvalidAclException">The ACL is empty or malformed.</exception>
    public Task<Stat> SetAclAsync(string path, IReadOnlyList<Acl> acl, int version = -1, CancellationToken cancellationToken = default)
    {
        PathArguments.Validate(path);
        ArgumentNullException.ThrowIfNull(acl);
        if (acl.Count == 0) throw new ArgumentException("An ACL needs at least one entry.", nameof(acl));
        return SendAsync(OpCode.SetAcl, new SetAclRequest(ChrootPath.ToServer(path), acl, version), path,
            (err, ref body) =>
            {
                Replies.ThrowIfError(err, path);
                return StatResponse.Read(ref body).Stat;
            }, cancellationToken);
    }
}
