using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Helpers;

/// <summary>Tree helpers: create a path with its parents, delete a subtree.</summary>
public static class PathHelpers
{
    private const int MaxDeleteRounds = 10;

    /// <summary>
    /// Creates every missing node of <paramref name="path"/> (parents first) as persistent nodes with
    /// empty data; nodes that exist are left alone. Safe to retry, so it follows the client's retry policy.
    /// </summary>
    public static async Task EnsurePathAsync(
        this ZooKeeperClient client, string path, IReadOnlyList<Acl>? acl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        PathArguments.Validate(path);
        acl ??= Acl.OpenAclUnsafe;
        var current = "";
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + segment;
            var node = current;
            if (await client.ExistsAsync(node, cancellationToken: cancellationToken).ConfigureAwait(false) is not null) continue;
            await client.Options.RetryPolicy.ExecuteAsync(async token =>
            {
                try
                {
                    await client.CreateAsync(node, [], acl, CreateMode.Persistent, cancellationToken: token).ConfigureAwait(false);
                }
                catch (NodeExistsException)
                {
                    // Created meanwhile, by someone else or by our own attempt that lost its reply.
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes <paramref name="path"/> and everything below it, children first. A node that vanishes
    /// meanwhile is fine; children added meanwhile are deleted too (a bounded number of rounds). For "/"
    /// only the children are deleted, and /zookeeper is kept.
    /// </summary>
    public static async Task DeleteRecursiveAsync(this ZooKeeperClient client, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        PathArguments.Validate(path);
        for (var round = 0; ; round++)
        {
            IReadOnlyList<string> children;
            try
            {
                children = await client.GetChildrenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (NoNodeException)
            {
                return;
            }

            foreach (var child in children)
            {
                if (path == ZkPath.Root && child == "zookeeper" && client.Chroot is null) continue;
                await client.DeleteRecursiveAsync(ZkPath.Combine(path, child), cancellationToken).ConfigureAwait(false);
            }
            if (path == ZkPath.Root) return;

            try
            {
                await client.Options.RetryPolicy.ExecuteAsync(
                    token => client.DeleteAsync(path, cancellationToken: token), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NoNodeException)
            {
                return;
            }
            catch (NotEmptyException) when (round < MaxDeleteRounds)
            {
                // A child appeared after we listed them: list again.
            }
        }
    }
}
