namespace ConfigCenter.Server.Configuration;

/// <summary>A parsed zoo.cfg and what is worth logging about it (unknown keys, adjusted values, ensemble advice).</summary>
public sealed record ZooCfgParseResult(ServerConfig Config, IReadOnlyList<string> Warnings);
