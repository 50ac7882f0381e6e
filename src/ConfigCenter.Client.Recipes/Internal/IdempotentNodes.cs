using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Recipes.Internal;

/// <summary>
/// Creates and deletes that may be repeated safely (after a ConnectionLoss): for a create an existing node
/// counts as success and missing parents are created; for a delete a missing node does.
/// </summary>
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

    /// <summary>
    /// Deletes a persistent node unless it is gone already; true when this call deleted it. Unlike
    /// <see cref="NodeRemoval"/> (for ephemeral nodes), a lost session is an error here: the node stays.
    /// </summary>
    public static Task<bool> DeleteIfPresentAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken) =>
        ConnectionLossRetry.RunAsync(client, async token =>
        {
            try
            {
                await client.DeleteAsync(path, cancellationToken: token).ConfigureAwait(false);
                return true;
            }
            catch (NoNodeException)
            {
                return false;
            }
        }, cancellationToken);
}
