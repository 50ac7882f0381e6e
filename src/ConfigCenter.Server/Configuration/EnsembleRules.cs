namespace ConfigCenter.Server.Configuration;

/// <summary>
/// ZooKeeper's checks on the server.N lines taken together (QuorumPeerConfig.parseDynamicConfig,
/// setupMyId, setupClientPort, setupPeerType and checkValidity), applied to an otherwise complete config.
/// </summary>
internal static class EnsembleRules
{
    /// <param name="config">The config with servers, standaloneEnabled, limits and client port already set.</param>
    /// <param name="declaredPeerType">The peerType key, if present, only checked against the server list.</param>
    public static ServerConfig Apply(ServerConfig config, PeerRole? declaredPeerType, ZooCfgValueReader reader, List<string> warnings)
    {
        var participants = config.Servers.Count(server => server.Role == PeerRole.Participant);
        var observers = config.Servers.Count - participants;
        CheckMembership(participants, observers, config.StandaloneEnabled, reader, warnings);
        if (config.Servers.Count == 0) return config;

        // ZooKeeper reads myid whenever the file exists; here it matters only once there are server lines.
        config = config with { MyId = MyIdFile.Read(config.DataDir) };
        if (config.IsDistributed) CheckQuorumSettings(config, reader);

        var self = config.Servers.FirstOrDefault(server => server.Id == config.MyId);
        if (self is null) return config;
        if (declaredPeerType is { } declared && declared != self.Role)
        {
            warnings.Add(reader.Warning(
                $"peerType is {Name(declared)} but server.{self.Id} says {Name(self.Role)}; the server line wins"));
        }
        return TakeClientAddressFromServerLine(config, self, reader);
    }

    private static void CheckMembership(int participants, int observers, bool standaloneEnabled, ZooCfgValueReader reader, List<string> warnings)
    {
        if (participants == 0)
        {
            if (!standaloneEnabled)
                throw reader.Fail(ZooCfgKeys.StandaloneEnabled, "standaloneEnabled=false needs at least one participant server.N line");
            if (observers > 0)
                throw reader.Fail(null, "observers without participants is not a valid ensemble");
        }
        else if (participants == 1 && standaloneEnabled)
        {
            if (observers > 0)
                throw reader.Fail(null, "observers with a single participant is not a valid ensemble");
            warnings.Add(reader.Warning("only one server line is given, so it is ignored and the server runs standalone"));
        }
        else if (participants <= 2)
        {
            warnings.Add(reader.Warning($"{participants} participants tolerate no server failure; at least 3 are needed for that"));
        }
        else if (participants % 2 == 0)
        {
            warnings.Add(reader.Warning($"{participants} participants tolerate no more failures than {participants - 1} would; an odd number is advised"));
        }
    }

    private static void CheckQuorumSettings(ServerConfig config, ZooCfgValueReader reader)
    {
        if (config.InitLimit == 0) throw reader.Fail(ZooCfgKeys.InitLimit, "initLimit is not set; an ensemble needs it");
        if (config.SyncLimit == 0) throw reader.Fail(ZooCfgKeys.SyncLimit, "syncLimit is not set; an ensemble needs it");
        var myIdPath = Path.Combine(config.DataDir, MyIdFile.FileName);
        if (config.MyId is not { } myId)
            throw reader.Fail(ZooCfgKeys.DataDir, $"{myIdPath} is missing; every member of an ensemble needs one");
        // ZooKeeper only notices this when it starts leader election; failing here is kinder.
        if (config.Servers.All(server => server.Id != myId))
            throw reader.Fail(ZooCfgKeys.ServerPrefix + myId, $"myid {myId} (from {myIdPath}) has no server.{myId} line");
    }

    // A client address on the server's own line overrides clientPort/clientPortAddress, which must then agree with it.
    private static ServerConfig TakeClientAddressFromServerLine(ServerConfig config, QuorumServerSpec self, ZooCfgValueReader reader)
    {
        if (self.ClientPort is not { } linePort) return config;
        if (config.ClientPort is { } staticPort)
        {
            var staticIsWildcard = config.ClientPortAddress is null or QuorumServerLineParser.AnyAddress or "::";
            var agrees = staticPort == linePort && (staticIsWildcard || config.ClientPortAddress == self.ClientHost);
            if (!agrees)
            {
                throw reader.Fail(ZooCfgKeys.ClientPort,
                    $"clientPort/clientPortAddress ({config.ClientPortAddress ?? "*"}:{staticPort}) differ from the client address "
                    + $"of server.{self.Id} ({self.ClientHost}:{linePort})");
            }
        }
        return config with { ClientPort = linePort, ClientPortAddress = self.ClientHost };
    }

    private static string Name(PeerRole role) => role.ToString().ToLowerInvariant();
}
