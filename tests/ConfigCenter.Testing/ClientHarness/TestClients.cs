using ConfigCenter.Client;
using ConfigCenter.Client.Helpers;

namespace ConfigCenter.Testing.ClientHarness;

/// <summary>Creates connected clients with test-friendly defaults.</summary>
public static class TestClients
{
    public static Task<ZooKeeperClient> ConnectAsync(string connectString, Action<ZooKeeperClientOptions>? configure = null)
    {
        var options = new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeout = TimeSpan.FromSeconds(6),
            ConnectionTimeout = TimeSpan.FromSeconds(10),
            RetryPolicy = RetryPolicy.None,
            LoggerFactory = FileLoggerFactory.FromEnvironment(),
        };
        configure?.Invoke(options);
        return ZooKeeperClient.ConnectAsync(options);
    }

    /// <summary>A fresh node for one test, so tests sharing a server never see each other's nodes.</summary>
    public static async Task<string> CreateTestRootAsync(ZooKeeperClient client, string name)
    {
        var path = $"/{name}-{Guid.NewGuid():N}";
        await client.EnsurePathAsync(path);
        return path;
    }
}
