using ConfigCenter.Client;
using ConfigCenter.Client.Helpers;

namespace ConfigCenter.Configuration.Tests.Support;

/// <summary>Direct clients for arranging data, and unique roots so tests sharing a server never meet.</summary>
public static class ZkTestClients
{
    public static Task<ZooKeeperClient> ConnectAsync(string connectString, Action<ZooKeeperClientOptions>? configure = null)
    {
        var options = new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeout = TimeSpan.FromSeconds(6),
            ConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return ZooKeeperClient.ConnectAsync(options);
    }

    /// <summary>A fresh, existing root path for one test.</summary>
    public static async Task<string> CreateRootAsync(ZooKeeperClient client, string name)
    {
        var root = $"/config-tests/{name}-{Guid.NewGuid():N}";
        await client.EnsurePathAsync(root);
        return root;
    }

    /// <summary>A fresh root path that does not exist yet.</summary>
    public static string NewRootPath(string name) => $"/config-tests/{name}-{Guid.NewGuid():N}";
}
