namespace ConfigCenter.Client.Connection;

/// <summary>
/// Hands out the servers of the connect string round-robin, in an order shuffled once per client so
/// that many clients with the same connect string spread over the ensemble (as StaticHostProvider).
/// </summary>
internal sealed class HostProvider
{
    private readonly HostEndpoint[] _hosts;
    private int _next;

    public HostProvider(IReadOnlyList<HostEndpoint> hosts)
    {
        _hosts = [.. hosts];
        Random.Shared.Shuffle(_hosts);
    }

    public int Count => _hosts.Length;

    public HostEndpoint Next()
    {
        var host = _hosts[_next];
        _next = (_next + 1) % _hosts.Length;
        return host;
    }
}
