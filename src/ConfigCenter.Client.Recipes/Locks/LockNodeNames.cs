using ConfigCenter.Client.Helpers;

namespace ConfigCenter.Client.Recipes.Locks;

/// <summary>The node names lock recipes use, as Curator names them so both can share a lock.</summary>
internal static class LockNodeNames
{
    public const string Mutex = "lock-";
    public const string Read = "__READ__";
    public const string Write = "__WRIT__";
    public const string Lease = "lease-";

    /// <summary>True when the node (protected or not) was created under <paramref name="name"/>.</summary>
    public static bool Is(string nodeName, string name) =>
        ProtectedCreate.StripProtectedPrefix(nodeName).StartsWith(name, StringComparison.Ordinal);
}
