using System.Globalization;

namespace ConfigCenter.Server.Configuration;

/// <summary>
/// Gives zoo.cfg entries their ZooKeeper 3.8 meaning (QuorumPeerConfig.parseProperties): one instance per parse,
/// collecting settings key by key, then applying the checks that span several keys.
/// </summary>
internal sealed class ZooCfgInterpreter
{
    private readonly ZooCfgValueReader _reader;
    private readonly string _workingDirectory;
    private readonly List<string> _warnings = [];
    private readonly List<QuorumServerSpec> _servers = [];
    private readonly Dictionary<long, string> _serverKeysById = [];

    // Settings whose meaning depends on no other key go straight in; DataDir is filled in by Complete.
    private ServerConfig _config = new() { DataDir = "" };
    private string? _dataDir;
    private string? _dataLogDir;
    private int _clientPort;
    private string? _clientPortAddress;
    private string? _whitelist;
    private PeerRole? _peerType;
    private PropertyEntry? _snapRetainCount;
    private PropertyEntry? _snapCount;

    private ZooCfgInterpreter(string sourceName, string workingDirectory)
    {
        _reader = new ZooCfgValueReader(sourceName);
        _workingDirectory = workingDirectory;
    }

    /// <param name="entries">Trimmed entries, one per key (the last occurrence).</param>
    public static ZooCfgParseResult Interpret(IEnumerable<PropertyEntry> entries, string sourceName, string workingDirectory)
    {
        var interpreter = new ZooCfgInterpreter(sourceName, workingDirectory);
        foreach (var entry in entries) interpreter.Apply(entry);
        var config = interpreter.Complete();
        return new ZooCfgParseResult(config, interpreter._warnings);
    }

    private void Apply(PropertyEntry entry)
    {
        switch (entry.Key)
        {
            case ZooCfgKeys.TickTime: _config = _config with { TickTimeMs = _reader.ReadInt(entry, min: 1) }; break;
            case ZooCfgKeys.InitLimit: _config = _config with { InitLimit = _reader.ReadInt(entry, min: 0) }; break;
            case ZooCfgKeys.SyncLimit: _config = _config with { SyncLimit = _reader.ReadInt(entry, min: 0) }; break;
            case ZooCfgKeys.DataDir: _dataDir = ResolveDirectory(entry); break;
            case ZooCfgKeys.DataLogDir: _dataLogDir = ResolveDirectory(entry); break;
            // 0 is ZooKeeper's "not set".
            case ZooCfgKeys.ClientPort: _clientPort = _reader.ReadInt(entry, min: 0, max: 65535); break;
            case ZooCfgKeys.ClientPortAddress: _clientPortAddress = _reader.ReadNonEmpty(entry, "expected a host name or address"); break;
            case ZooCfgKeys.MaxClientCnxns: _config = _config with { MaxClientCnxns = _reader.ReadInt(entry, min: 0) }; break;
            case ZooCfgKeys.MinSessionTimeout: _config = _config with { MinSessionTimeoutMs = _reader.ReadInt(entry, min: -1) }; break;
            case ZooCfgKeys.MaxSessionTimeout: _config = _config with { MaxSessionTimeoutMs = _reader.ReadInt(entry, min: -1) }; break;
            case ZooCfgKeys.FourLetterWordWhitelist: _whitelist = entry.Value; break;
            case ZooCfgKeys.JuteMaxBuffer: _config = _config with { JuteMaxBuffer = _reader.ReadInt(entry, min: 1) }; break;
            case ZooCfgKeys.ExtendedTypesEnabled: _config = _config with { ExtendedTypesEnabled = _reader.ReadBoolean(entry) }; break;
            case ZooCfgKeys.SuperDigest: _config = _config with { SuperDigest = entry.Value.Length == 0 ? null : entry.Value }; break;
            case ZooCfgKeys.AllowSnapshotFallback: _config = _config with { AllowSnapshotFallback = _reader.ReadBoolean(entry) }; break;
            case ZooCfgKeys.ContainerCheckInterval: _config = _config with { ContainerCheckIntervalMs = _reader.ReadInt(entry, min: 1) }; break;
            case ZooCfgKeys.SnapCount: _snapCount = entry; _config = _config with { SnapCount = _reader.ReadInt(entry) }; break;
            case ZooCfgKeys.ForceSync: _config = _config with { ForceSync = _reader.ReadYesNo(entry) }; break;
            case ZooCfgKeys.PreAllocSize: _config = _config with { PreAllocSizeKb = _reader.ReadLong(entry, min: 0) }; break;
            case ZooCfgKeys.AutopurgeSnapRetainCount:
                _snapRetainCount = entry;
                _config = _config with { AutopurgeSnapRetainCount = _reader.ReadInt(entry) };
                break;
            case ZooCfgKeys.AutopurgePurgeInterval: _config = _config with { AutopurgePurgeIntervalHours = _reader.ReadInt(entry, min: 0) }; break;
            case ZooCfgKeys.ReadOnlyModeEnabled: _config = _config with { ReadOnlyModeEnabled = _reader.ReadBoolean(entry) }; break;
            case ZooCfgKeys.GlobalOutstandingLimit: _config = _config with { GlobalOutstandingLimit = _reader.ReadInt(entry, min: 1) }; break;
            case ZooCfgKeys.StandaloneEnabled: _config = _config with { StandaloneEnabled = _reader.ReadBoolean(entry) }; break;
            case ZooCfgKeys.ElectionAlg:
                if (_reader.ReadInt(entry) != 3) throw _reader.Invalid(entry, "only 3 (fast leader election) is supported");
                break;
            case ZooCfgKeys.PeerType: _peerType = ReadPeerType(entry); break;
            case ZooCfgKeys.DynamicConfigFile:
                throw _reader.Invalid(entry, "dynamic configuration files are not supported; put the server.N lines in this file");
            default: ApplyOther(entry); break;
        }
    }

    private void ApplyOther(PropertyEntry entry)
    {
        var key = entry.Key;
        if (key.StartsWith(ZooCfgKeys.ServerPrefix, StringComparison.Ordinal)) AddServer(entry);
        else if (key.StartsWith(ZooCfgKeys.GroupPrefix, StringComparison.Ordinal) || key.StartsWith(ZooCfgKeys.WeightPrefix, StringComparison.Ordinal))
            throw _reader.Invalid(entry, "hierarchical quorums (group.N/weight.N) are not supported");
        else if (ZooCfgKeys.IgnoredBooleans.Contains(key)) _reader.ReadBoolean(entry);
        else if (ZooCfgKeys.IgnoredIntegers.Contains(key)) _reader.ReadInt(entry);
        else if (ZooCfgKeys.IgnoredLongs.Contains(key)) _reader.ReadLong(entry);
        else if (!ZooCfgKeys.IsIgnored(key))
            _warnings.Add(_reader.Warning(entry, "unknown key, ignored (ZooKeeper would only set it as the system property zookeeper." + key + ")"));
    }

    private void AddServer(PropertyEntry entry)
    {
        var idText = entry.Key[ZooCfgKeys.ServerPrefix.Length..];
        if (!long.TryParse(idText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) || id < 0)
        {
            throw new ConfigException(
                $"{_reader.SourceName}:{entry.Line}: invalid key {entry.Key}: the server id '{idText}' is not a non-negative whole number",
                _reader.SourceName, entry.Key);
        }
        // server.1 and server.01 name the same server; ZooKeeper would keep either, depending on hash order.
        if (!_serverKeysById.TryAdd(id, entry.Key))
            throw _reader.Invalid(entry, $"server {id} is already defined by {_serverKeysById[id]}");

        try
        {
            _servers.Add(QuorumServerLineParser.Parse(id, entry.Value));
        }
        catch (FormatException e)
        {
            throw _reader.Invalid(entry, e.Message, e);
        }
    }

    private PeerRole ReadPeerType(PropertyEntry entry)
    {
        try
        {
            return QuorumServerLineParser.ParseRole(entry.Value);
        }
        catch (FormatException e)
        {
            throw _reader.Invalid(entry, "expected participant or observer", e);
        }
    }

    // The JVM resolves a relative java.io.File against the working directory (user.dir), not the zoo.cfg's
    // directory; ZooKeeper only warns. The path is made absolute here, once, with the same meaning.
    private string ResolveDirectory(PropertyEntry entry)
    {
        var path = _reader.ReadNonEmpty(entry, "expected a directory path");
        if (!Path.IsPathFullyQualified(path) && !path.StartsWith("." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !path.StartsWith("./", StringComparison.Ordinal))
        {
            _warnings.Add(_reader.Warning(entry, $"'{path}' is relative to the working directory {_workingDirectory}; prepend ./ to show that is intended"));
        }
        return Path.GetFullPath(path, _workingDirectory);
    }

    private ServerConfig Complete()
    {
        if (_dataDir is null) throw _reader.Fail(ZooCfgKeys.DataDir, "dataDir is not set");
        if (_clientPort == 0 && _clientPortAddress is not null)
            throw _reader.Fail(ZooCfgKeys.ClientPortAddress, $"clientPortAddress is set ('{_clientPortAddress}') but clientPort is not");

        var config = _config with
        {
            DataDir = _dataDir,
            DataLogDir = _dataLogDir,
            ClientPort = _clientPort == 0 ? null : _clientPort,
            ClientPortAddress = _clientPortAddress,
            Servers = [.. _servers.OrderBy(server => server.Id)],
        };
        if (config.MinSessionTimeoutMs > config.MaxSessionTimeoutMs)
        {
            throw _reader.Fail(ZooCfgKeys.MinSessionTimeout,
                $"minSessionTimeout ({config.MinSessionTimeoutMs} ms) must not be larger than maxSessionTimeout ({config.MaxSessionTimeoutMs} ms)");
        }
        config = RaiseToMinimums(config);
        config = config with { FourLetterWordWhitelist = ReadWhitelist(config.ReadOnlyModeEnabled) };
        if (config.ClientPort is null && config.Servers.Count == 0)
            _warnings.Add(_reader.Warning("clientPort is not set, so clients have no port to connect to"));
        return EnsembleRules.Apply(config, _peerType, _reader, _warnings);
    }

    // ZooKeeper quietly raises these to the smallest value its purge and snapshot logic can work with.
    private ServerConfig RaiseToMinimums(ServerConfig config)
    {
        if (_snapRetainCount is { } retain && config.AutopurgeSnapRetainCount < ServerConfig.MinAutopurgeSnapRetainCount)
        {
            _warnings.Add(_reader.Warning(retain, $"{config.AutopurgeSnapRetainCount} is below the minimum; using {ServerConfig.MinAutopurgeSnapRetainCount}"));
            config = config with { AutopurgeSnapRetainCount = ServerConfig.MinAutopurgeSnapRetainCount };
        }
        if (_snapCount is { } snap && config.SnapCount < ServerConfig.MinSnapCount)
        {
            _warnings.Add(_reader.Warning(snap, $"{config.SnapCount} is below the minimum; using {ServerConfig.MinSnapCount}"));
            config = config with { SnapCount = ServerConfig.MinSnapCount };
        }
        return config;
    }

    private IReadOnlySet<string> ReadWhitelist(bool readOnlyModeEnabled)
    {
        var whitelist = FourLetterWords.ParseWhitelist(_whitelist, readOnlyModeEnabled, out var unknownNames);
        foreach (var name in unknownNames)
            _warnings.Add(_reader.Warning($"{ZooCfgKeys.FourLetterWordWhitelist}: '{name}' is not a four letter word command"));
        return whitelist;
    }
}
