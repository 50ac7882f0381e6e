using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>Creates that may be repeated safely: an existing node counts as success, missing parents are created.</summary>
internal static class IdempotentNodes
{
    /// <summary>Creates the node unless it exists; true when this call created it.</summary>
    public static Task<bool> CreateIfMissingAsync(
        ZooKeeperClient client, string path, byte[]? data, CreateMode mode, CancellationToken cancellationToken) =>
        ConnectionLossRetry.RunAsync(client, async token =>
        {
            try
            {
                await client.CreateAsync(path, data, Acl.OpenAclUnsafe, mode, cancellationToken: token).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                await client.EnsurePathAsync(ZkPath.Parent(path), cancellationToken: token).ConfigureAwait(false);
                try
                {
                    await client.CreateAsync(path, data, Acl.OpenAclUnsafe, mode, cancellationToken: token).ConfigureAwait(false);
                    return true;
                }
                catch (NodeExistsException)
                {
                    return false;
                }
            }
            catch (NodeExistsException)
            {
                // Someone else's, or ours from an attempt whose reply was lost.
                return false;
            }
        }, cancellationToken);
}
