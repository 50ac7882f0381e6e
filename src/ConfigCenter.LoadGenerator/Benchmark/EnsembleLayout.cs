using System.Globalization;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>One member of an ensemble on loopback: its id (the myid file) and its three ports.</summary>
internal sealed record EnsembleMemberPorts(int Id, int ClientPort, int PeerPort, int ElectionPort);

/// <summary>
/// The members of an ensemble on loopback, as ZooKeeper's docs describe a pseudo-cluster: every member's
/// zoo.cfg names all of them in server.N lines (peer and election port), and each has its own client port.
/// </summary>
internal sealed record EnsembleLayout(IReadOnlyList<EnsembleMemberPorts> Members)
{
    /// <summary>Members of the ensemble3 shape.</summary>
    public const int Size = 3;

    /// <summary>ZooKeeper's sample zoo.cfg values, in ticks: time to connect and sync to a leader, and how far a follower may lag.</summary>
    public const int InitLimit = 10;

    public const int SyncLimit = 5;

    public static EnsembleLayout OnLoopback(int members)
    {
        var ports = LoopbackPorts.Free(members * 3);
        return new EnsembleLayout(Enumerable.Range(0, members)
            .Select(i => new EnsembleMemberPorts(i + 1, ports[3 * i], ports[(3 * i) + 1], ports[(3 * i) + 2]))
            .ToList());
    }

    public IReadOnlyList<string> ServerLines() =>
        Members.Select(m => ServerLine(m.Id.ToString(CultureInfo.InvariantCulture), m.PeerPort.ToString(CultureInfo.InvariantCulture), m.ElectionPort.ToString(CultureInfo.InvariantCulture))).ToList();

    /// <summary>The server lines as the report shows them: the ports are free ports picked for each ensemble.</summary>
    public static IReadOnlyList<string> PlaceholderServerLines(int members) =>
        Enumerable.Range(1, members).Select(id => ServerLine(id.ToString(CultureInfo.InvariantCulture), "<peer port>", "<election port>")).ToList();

    private static string ServerLine(string id, string peerPort, string electionPort) => $"server.{id}=127.0.0.1:{peerPort}:{electionPort}";
}
