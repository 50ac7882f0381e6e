using System.Globalization;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Connection;

/// <summary>
/// A parsed connect string, "host1:2181,host2:2181/optional/chroot", as ZooKeeper's ConnectStringParser
/// reads it: the chroot starts at the first '/', a missing port means 2181, IPv6 hosts are bracketed.
/// </summary>
internal sealed record ConnectString(IReadOnlyList<HostEndpoint> Hosts, string? Chroot)
{
    public const int DefaultPort = 2181;

    public static ConnectString Parse(string connectString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectString);
        var slash = connectString.IndexOf('/', StringComparison.Ordinal);
        var hostPart = slash < 0 ? connectString : connectString[..slash];
        var chroot = slash < 0 ? null : connectString[slash..];
        if (chroot is not null)
        {
            // "/" as a chroot means none, as in ZooKeeper.
            if (chroot.Length == 1) chroot = null;
            else if (ZkPath.Validate(chroot) is { } problem)
                throw new ArgumentException($"Invalid chroot \"{chroot}\": {problem}.", nameof(connectString));
        }

        var hosts = new List<HostEndpoint>();
        foreach (var part in hostPart.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            hosts.Add(ParseHost(part));
        if (hosts.Count == 0) throw new ArgumentException("The connect string names no host.", nameof(connectString));
        return new ConnectString(hosts, chroot);
    }

    private static HostEndpoint ParseHost(string text)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw new ArgumentException($"Unclosed IPv6 address in \"{text}\".");
            var host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0) return new HostEndpoint(host, DefaultPort);
            if (rest[0] != ':') throw new ArgumentException($"Unexpected text after the IPv6 address in \"{text}\".");
            return new HostEndpoint(host, ParsePort(rest[1..], text));
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0) return new HostEndpoint(text, DefaultPort);
        if (text.IndexOf(':', StringComparison.Ordinal) != colon)
            throw new ArgumentException($"Bracket the IPv6 address in \"{text}\", as [::1]:2181.");
        return new HostEndpoint(text[..colon], ParsePort(text[(colon + 1)..], text));
    }

    private static int ParsePort(string port, string text) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
            ? value
            : throw new ArgumentException($"Invalid port in \"{text}\".");
}
