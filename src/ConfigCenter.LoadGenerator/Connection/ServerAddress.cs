using System.Globalization;
using System.Net;

namespace ConfigCenter.LoadGenerator.Connection;

/// <summary>A "host:port" connect string for one server ("127.0.0.1:2181", "localhost:2181", "[::1]:2181").</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    public static ServerAddress Parse(string connect)
    {
        if (IPEndPoint.TryParse(connect, out var ip) && ip.Port != 0)
            return new ServerAddress(ip.Address.ToString(), ip.Port);

        var colon = connect.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(connect.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"\"{connect}\" is not host:port");
        return new ServerAddress(connect[..colon], port);
    }

    /// <summary>A connect string of one or more servers, comma-separated as ZooKeeper's are ("127.0.0.1:2181,127.0.0.1:2182").</summary>
    public static IReadOnlyList<ServerAddress> ParseList(string connect) =>
        connect.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } parts
            ? parts.Select(Parse).ToList()
            : throw new FormatException($"\"{connect}\" names no server");

    public EndPoint ToEndPoint() =>
        IPAddress.TryParse(Host, out var address) ? new IPEndPoint(address, Port) : new DnsEndPoint(Host, Port);

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
