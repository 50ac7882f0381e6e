using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>
/// The clients of one test: an observer connected directly, a fresh root node, and any number of further
/// clients (directly or through their own fault-injecting proxy), all closed at the end.
/// </summary>
public sealed class ClientSet : IAsyncDisposable
{
    private readonly List<ZooKeeperClient> _clients = [];
    private readonly List<TcpProxy> _proxies = [];

    private ClientSet(IZkServerUnderTest server, ZooKeeperClient observer, string root)
    {
        Server = server;
        Observer = observer;
        Root = root;
        _clients.Add(observer);
    }

    public IZkServerUnderTest Server { get; }

    /// <summary>A directly connected client for setting up and checking; recipes under test get their own clients.</summary>
    public ZooKeeperClient Observer { get; }

    /// <summary>A node no other test uses.</summary>
    public string Root { get; }

    public static async Task<ClientSet> StartAsync(SharedServers servers, ServerKind kind, string name)
    {
        var server = await servers.GetAsync(kind);
        var observer = await TestClients.ConnectAsync(server.ConnectString);
        return new ClientSet(server, observer, await TestClients.CreateTestRootAsync(observer, name));
    }

    /// <summary>A path below the root.</summary>
    public string PathOf(string name) => $"{Root}/{name}";

    public async Task<ZooKeeperClient> ConnectAsync(Action<ZooKeeperClientOptions>? configure = null)
    {
        var client = await TestClients.ConnectAsync(Server.ConnectString, configure);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public async Task<ZooKeeperClient[]> ConnectManyAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ConnectAsync()));

    /// <summary>A client behind its own proxy, with a short session so expiry tests are quick.</summary>
    public async Task<(ZooKeeperClient Client, TcpProxy Proxy)> ConnectThroughProxyAsync(Action<ZooKeeperClientOptions>? configure = null)
    {
        var proxy = TcpProxy.Start(Server.ClientPort);
        lock (_clients) _proxies.Add(proxy);
        var client = await TestClients.ConnectAsync(proxy.ConnectString, options =>
        {
            options.SessionTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        lock (_clients) _clients.Add(client);
        return (client, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        ZooKeeperClient[] clients;
        TcpProxy[] proxies;
        lock (_clients)
        {
            clients = [.. _clients];
            proxies = [.. _proxies];
        }
        // Clients first, through their (resumed) proxies, so each closes its session with one round trip.
        foreach (var proxy in proxies) proxy.Resume();
        await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask()));
        foreach (var proxy in proxies) await proxy.DisposeAsync();
    }
}
