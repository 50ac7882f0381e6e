using System.Globalization;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// Parses the value of a server.N line the way ZooKeeper's QuorumServer does:
/// <c>host:peerPort:electionPort[:participant|:observer][;[clientHost:]clientPort]</c>, with IPv6 hosts in
/// brackets. Nothing is resolved. Parts are not trimmed (ZooKeeper does not trim them either), except the role.
/// </summary>
internal static class QuorumServerLineParser
{
    public const string ExpectedForm =
        "expected host:peerPort:electionPort[:participant|:observer][;[clientHost:]clientPort]";

    /// <summary>Where a client part with no host listens: every interface.</summary>
    public const string AnyAddress = "0.0.0.0";

    /// <exception cref="FormatException">The value is not a valid server line; the message says why.</exception>
    public static QuorumServerSpec Parse(long id, string value)
    {
        var serverAndClient = JavaSplit(value, ';');
        if (serverAndClient.Length is 0 or > 2) throw new FormatException(ExpectedForm);

        // ZooKeeper's multiAddress feature ("a:1:2|b:1:2") is off by default and not implemented here.
        var addresses = JavaSplit(serverAndClient[0], '|');
        if (addresses.Length > 1) throw new FormatException("several addresses for one server (multiAddress) are not supported");

        var parts = SplitHostAndPorts(addresses.Length == 0 ? "" : addresses[0]);
        if (parts.Length is < 3 or > 4) throw new FormatException(ExpectedForm);

        var host = parts[0];
        if (host.Length == 0) throw new FormatException("the host is empty");
        var peerPort = ParsePort(parts[1], "peer port");
        var electionPort = ParsePort(parts[2], "election port");
        if (peerPort == electionPort) throw new FormatException("the peer port and the election port must differ");
        var role = parts.Length == 4 ? ParseRole(parts[3]) : PeerRole.Participant;

        string? clientHost = null;
        int? clientPort = null;
        if (serverAndClient.Length == 2)
        {
            var clientParts = SplitHostAndPorts(serverAndClient[1]);
            if (clientParts.Length is 0 or > 2) throw new FormatException(ExpectedForm);
            clientHost = clientParts.Length == 2 ? clientParts[0] : AnyAddress;
            clientPort = ParsePort(clientParts[^1], "client port");
        }

        return new QuorumServerSpec(id, host, peerPort, electionPort, role, clientHost, clientPort);
    }

    public static PeerRole ParseRole(string text) => JavaStrings.Trim(text).ToLowerInvariant() switch
    {
        "participant" => PeerRole.Participant,
        "observer" => PeerRole.Observer,
        _ => throw new FormatException($"unknown role '{text}': expected participant or observer"),
    };

    private static int ParsePort(string text, string what) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new FormatException($"the {what} '{text}' is not a port number from 1 to 65535");

    // "[v6::addr]:p1:p2" keeps the colons of the address; anything else splits on every colon.
    private static string[] SplitHostAndPorts(string text)
    {
        if (!text.StartsWith('[')) return JavaSplit(text, ':');
        var close = text.IndexOf(']');
        if (close < 0) throw new FormatException($"'{text}' starts with '[' but has no matching ']'");
        if (close + 1 == text.Length) return [text[1..close]];
        if (text[close + 1] != ':' || close + 2 == text.Length) throw new FormatException($"'{text}' has no port after the address");
        return [text[1..close], .. JavaSplit(text[(close + 2)..], ':')];
    }

    /// <summary>Java's String.split on a single character: trailing empty strings are dropped.</summary>
    private static string[] JavaSplit(string text, char separator)
    {
        if (!text.Contains(separator)) return [text];
        var parts = text.Split(separator);
        var count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0) count--;
        return parts[..count];
    }
}
