namespace ConfigCenter.Testing.Servers;

/// <summary>Which implementation a test runs against.</summary>
public enum ServerKind
{
    /// <summary>Our server, ConfigCenter.Server, started as a real process.</summary>
    ConfigCenter,

    /// <summary>Apache ZooKeeper 3.8 from Debian's zookeeper package, started as a real process.</summary>
    ApacheZooKeeper,
}

/// <summary>A running ZooKeeper-protocol server on loopback, owned by one test or fixture.</summary>
public interface IZkServerUnderTest : IAsyncDisposable
{
    ServerKind Kind { get; }

    /// <summary>The client port on 127.0.0.1.</summary>
    int ClientPort { get; }

    /// <summary>"127.0.0.1:port", ready for kazoo, zkCli or our clients.</summary>
    string ConnectString { get; }

    /// <summary>The tickTime the server was configured with, in milliseconds.</summary>
    int TickTimeMs { get; }
}
