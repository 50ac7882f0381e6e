using ConfigCenter.Client;
using ConfigCenter.Client.Helpers;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Discovery.Tests.Support;

/// <summary>A registry root of its own per test, and plain-client helpers to write instance nodes directly.</summary>
public static class Registries
{
    public static string NewBasePath(string name) => $"/services-{name}-{Guid.NewGuid():N}"[..40];

    public static Task<ZooKeeperClient> ConnectAsync(string connectString, TimeSpan? sessionTimeout = null) =>
        ZooKeeperClient.ConnectAsync(new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(6),
            ConnectionTimeout = TimeSpan.FromSeconds(10),
        });

    /// <summary>Writes an instance node as any Curator writer would: plain znode create of its JSON.</summary>
    public static async Task<string> CreateInstanceNodeAsync(
        ZooKeeperClient client, string basePath, string service, string id, byte[] json, CreateMode mode = CreateMode.Ephemeral)
    {
        var servicePath = $"{basePath}/{service}";
        await client.EnsurePathAsync(servicePath);
        return await client.CreateAsync($"{servicePath}/{id}", json, Acl.OpenAclUnsafe, mode);
    }

    public static byte[] InstanceJson(string service, string id, int port, string status = "UP", string? zone = null, int weight = 1) =>
        CuratorInstanceSerializer.Serialize(new ZkServiceInstance(service, id, "127.0.0.1", port, null,
            new Dictionary<string, string?>
            {
                [MetadataKeys.InstanceStatus] = status,
                [MetadataKeys.Weight] = weight.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [MetadataKeys.Zone] = zone,
            }.Where(entry => entry.Value is not null).ToDictionary(),
            DateTimeOffset.UtcNow));
}
