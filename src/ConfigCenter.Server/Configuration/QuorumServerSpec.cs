namespace ConfigCenter.Server.Configuration;

/// <summary>
/// One <c>server.N=host:peerPort:electionPort[:role][;[clientHost:]clientPort]</c> line of a zoo.cfg.
/// Host names are kept as written; nothing is resolved at parse time.
/// </summary>
/// <param name="Id">N, the server id that the server's own myid file holds.</param>
/// <param name="Host">Host name or address; IPv6 literals are given without their brackets.</param>
/// <param name="PeerPort">The port followers use to connect to the leader (2888 by convention).</param>
/// <param name="ElectionPort">The leader election port (3888 by convention).</param>
/// <param name="Role">Participant unless the line says observer.</param>
/// <param name="ClientHost">Client address after ';' — "0.0.0.0" when only a port is given; null when absent.</param>
/// <param name="ClientPort">Client port after ';', or null when the line has no client part.</param>
public sealed record QuorumServerSpec(
    long Id,
    string Host,
    int PeerPort,
    int ElectionPort,
    PeerRole Role = PeerRole.Participant,
    string? ClientHost = null,
    int? ClientPort = null);
