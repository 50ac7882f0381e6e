using ConfigCenter.Client.Exceptions;
using ConfigCenter.Client.Operations;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Client.Helpers;

/// <summary>
/// Curator's protection mode for sequential creates. A sequential create whose reply is lost to a
/// ConnectionLoss may have created a node nobody knows the name of; retrying blindly would create a
/// second one. So the node's name carries a unique prefix "_c_&lt;guid&gt;-", and after a ConnectionLoss
/// the parent's children are searched for that prefix before creating again.
/// </summary>
public static class ProtectedCreate
{
    /// <summary>The marker Curator puts before the GUID of a protected node's name.</summary>
    public const string ProtectedPrefix = "_c_";

    /// <summary>
    /// Creates a sequential node named "_c_&lt;guid&gt;-&lt;name&gt;&lt;sequence&gt;" under the parent of
    /// <paramref name="path"/>, surviving connection losses without duplicates (within the client's retry
    /// policy); returns the created path. When the retries run out the node may still exist (an
    /// ephemeral one then disappears with the session).
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="path">Parent and name prefix, e.g. "/locks/lock-".</param>
    /// <param name="data">The node's data.</param>
    /// <param name="acl">The node's ACL.</param>
    /// <param name="mode">A sequential mode: EphemeralSequential, PersistentSequential or PersistentSequentialWithTtl.</param>
    /// <param name="ttl">For PersistentSequentialWithTtl only.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<string> CreateProtectedSequentialAsync(
        this ZooKeeperClient client, string path, byte[]? data, IReadOnlyList<Acl> acl,
        CreateMode mode = CreateMode.EphemeralSequential, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!mode.IsSequential()) throw new ArgumentException($"Protected creation is for sequential modes, not {mode}.", nameof(mode));
        PathArguments.Validate(path, isSequential: true);

        var parent = ZkPath.Parent(path);
        var namePrefix = $"{ProtectedPrefix}{Guid.NewGuid():D}-";
        var protectedPath = ZkPath.Combine(parent, namePrefix + ZkPath.Name(path));
        var policy = client.Options.RetryPolicy;
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await client.CreateAsync(protectedPath, data, acl, mode, ttl, cancellationToken).ConfigureAwait(false);
            }
            catch (ConnectionLossException) when (retry < policy.MaxRetries)
            {
                await Task.Delay(policy.DelayBefore(retry), cancellationToken).ConfigureAwait(false);
                // The lost create may have run: adopt our node if it is there rather than create a second one.
                if (await FindProtectedChildAsync(client, parent, namePrefix, cancellationToken).ConfigureAwait(false) is { } existing)
                    return ZkPath.Combine(parent, existing);
            }
        }
    }

    /// <summary>True when the node name was made by a protected create.</summary>
    public static bool IsProtected(string nodeName) =>
        nodeName.StartsWith(ProtectedPrefix, StringComparison.Ordinal) && nodeName.Length > ProtectedPrefix.Length + 36
        && nodeName[ProtectedPrefix.Length + 36] == '-' && Guid.TryParse(nodeName.AsSpan(ProtectedPrefix.Length, 36), out _);

    /// <summary>The node name without its "_c_&lt;guid&gt;-" marker (unchanged when it has none).</summary>
    public static string StripProtectedPrefix(string nodeName) =>
        IsProtected(nodeName) ? nodeName[(ProtectedPrefix.Length + 37)..] : nodeName;

    private static async Task<string?> FindProtectedChildAsync(ZooKeeperClient client, string parent, string namePrefix, CancellationToken cancellationToken)
    {
        try
        {
            var children = await client.GetChildrenAsync(parent, cancellationToken: cancellationToken).ConfigureAwait(false);
            return children.FirstOrDefault(child => child.StartsWith(namePrefix, StringComparison.Ordinal));
        }
        catch (NoNodeException)
        {
            return null;
        }
    }
}
