using ConfigCenter.LoadGenerator.Connection;

namespace ConfigCenter.LoadGenerator.Running;

/// <summary>One load run: where, how many connections and requests in flight, for how long or how many.</summary>
internal sealed record RunSettings
{
    /// <summary>The server, or every member of an ensemble: session i connects to member i mod n, as clients spread in a deployment.</summary>
    public required IReadOnlyList<ServerAddress> Addresses { get; init; }

    /// <summary>The first member: where setup and single writers go.</summary>
    public ServerAddress Address => Addresses[0];

    /// <summary>The member the session numbered <paramref name="session"/> connects to.</summary>
    public ServerAddress AddressFor(int session) => Addresses[session % Addresses.Count];

    public string ConnectString => string.Join(',', Addresses);

    /// <summary>Names the server in the results ("configcenter", "zookeeper"); the address when not given.</summary>
    public string? ServerLabel { get; init; }

    public int Connections { get; init; } = 8;

    /// <summary>Requests each connection may have awaiting replies.</summary>
    public int Outstanding { get; init; } = 100;

    /// <summary>Requests awaiting replies across all connections; 0 means connections × outstanding.</summary>
    public int TotalOutstanding { get; init; }

    /// <summary>Measured time, after the warm-up. With <see cref="Requests"/> too, whichever ends first.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Requests to send in all; the run ends when all are answered.</summary>
    public long? Requests { get; init; }

    /// <summary>Load before measuring starts (JIT, caches, the server's own warm-up); only with a duration.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    public int DataSize { get; init; } = 100;

    public int SessionTimeoutMs { get; init; } = 30_000;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int Seed { get; init; } = 1;

    public int EffectiveTotalOutstanding => TotalOutstanding > 0 ? TotalOutstanding : Connections * Outstanding;

    public string Label => ServerLabel ?? ConnectString;
}
