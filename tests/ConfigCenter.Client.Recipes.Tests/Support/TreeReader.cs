using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>Reads a subtree directly, for comparing a cache with the server: path to (version, data).</summary>
public static class TreeReader
{
    public static async Task<SortedDictionary<string, (int Version, string Data)>> ReadAsync(ZooKeeperClient client, string root)
    {
        var result = new SortedDictionary<string, (int, string)>(StringComparer.Ordinal);
        await ReadIntoAsync(client, root, result);
        return result;
    }

    private static async Task ReadIntoAsync(ZooKeeperClient client, string path, SortedDictionary<string, (int, string)> result)
    {
        try
        {
            var node = await client.GetDataAsync(path);
            result[path] = (node.Stat.Version, Convert.ToHexString(node.Data));
            foreach (var child in await client.GetChildrenAsync(path)) await ReadIntoAsync(client, ZkPath.Combine(path, child), result);
        }
        catch (NoNodeException)
        {
        }
    }
}
