using ConfigCenter.Server.DataTree;

namespace ConfigCenter.Server.Tests.Simulation;

/// <summary>A hash of everything a client can see of a tree: every path with its data and stat, ephemeral owner included.</summary>
internal static class TreeDigest
{
    public static ulong Of(ZkDataTree tree)
    {
        // Order-independent (a sum of per-node hashes): the tree's dictionary order is not part of its state.
        ulong sum = 0;
        foreach (var (path, node) in tree.Nodes)
        {
            var h = Mix(0xCBF29CE484222325UL, path);
            h = Mix(h, node.Data is null ? -1 : node.Data.Length);
            if (node.Data is { } data) foreach (var b in data) h = (h ^ b) * 0x100000001B3UL;
            foreach (var field in (ReadOnlySpan<long>)[node.Czxid, node.Mzxid, node.Pzxid, node.Ctime, node.Mtime, node.Version, node.Cversion, node.Aversion, node.EphemeralOwner])
                h = Mix(h, field);
            sum += h * 0xBF58476D1CE4E5B9UL;
        }
        return sum;
    }

    private static ulong Mix(ulong h, string text)
    {
        foreach (var c in text) h = (h ^ c) * 0x100000001B3UL;
        return h;
    }

    private static ulong Mix(ulong h, long value)
    {
        h = (h ^ (ulong)value) * 0x100000001B3UL;
        return h ^ (h >> 29);
    }
}
