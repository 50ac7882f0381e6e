using ConfigCenter.Protocol;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Mapping;

/// <summary>
/// Maps znode paths under a root to configuration keys and back: each path segment below the root is a
/// key segment, so <c>/config/orders/ConnectionStrings/Orders</c> under <c>/config/orders</c> is
/// <c>ConnectionStrings:Orders</c>. The root itself is the empty key.
/// </summary>
public static class ZnodeKeyMapper
{
    /// <summary>Throws when <paramref name="root"/> is not a valid absolute znode path.</summary>
    public static void ValidateRoot(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!ZkPath.IsValid(root))
            throw new ArgumentException($"'{root}' is not a valid znode path (absolute, no trailing slash, no empty segment).", nameof(root));
    }

    /// <summary>True when <paramref name="path"/> is the root or below it (and not ZooKeeper's own /zookeeper tree).</summary>
    public static bool IsUnderRoot(string root, string path)
    {
        if (root == ZkPath.Root)
            return path.StartsWith('/') && path != "/zookeeper" && !path.StartsWith("/zookeeper/", StringComparison.Ordinal);
        return path == root || (path.Length > root.Length && path[root.Length] == '/' && path.StartsWith(root, StringComparison.Ordinal));
    }

    /// <summary>The configuration key of a node under the root ("" for the root).</summary>
    public static string ToKey(string root, string path)
    {
        if (path == root) return "";
        var relative = root == ZkPath.Root ? path[1..] : path[(root.Length + 1)..];
        return relative.Replace('/', ':');
    }

    /// <summary>
    /// The znode path of a configuration key. Throws when a key segment cannot be a znode name
    /// (empty, "." or "..", holding '/' or a control character).
    /// </summary>
    public static string ToPath(string root, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0) return root;
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        if (segments.Any(segment => segment.Contains('/')))
            throw new ArgumentException($"The key '{key}' holds a '/', which cannot be part of a znode name.", nameof(key));
        var path = ZkPath.Combine(root, string.Join('/', segments));
        return ZkPath.Validate(path) is { } problem
            ? throw new ArgumentException($"The key '{key}' cannot be a znode path ({problem}).", nameof(key))
            : path;
    }

    /// <summary>How many segments a path has ("/" has none).</summary>
    public static int Depth(string path) => path == ZkPath.Root ? 0 : path.Count(c => c == '/');
}
