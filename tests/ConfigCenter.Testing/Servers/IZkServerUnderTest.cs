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

    /// <summary>The dataDir the server was configured with.</summary>
    string DataDirectory { get; }

    /// <summary>
    /// Kills the running process (if any), starts it again and waits for it to exit on its own, for
    /// tests of a refused start; returns the exit code, or throws if it is still running after the timeout.
    /// </summary>
    Task<int> StartExpectingExitAsync(TimeSpan timeout);

    /// <summary>The tickTime the server was configured with, in milliseconds.</summary>
    int TickTimeMs { get; }

    /// <summary>The generated zoo.cfg the server was started with.</summary>
    string ConfigFilePath { get; }

    /// <summary>The file receiving the server's stdout and stderr.</summary>
    string LogFilePath { get; }

    /// <summary>Sends a four-letter word (ruok, srvr, mntr...) on a fresh connection and returns the whole reply.</summary>
    Task<string> FourLetterWordAsync(string word, CancellationToken cancellationToken = default);

    /// <summary>Kills the server with SIGKILL, as a crash would; the data directory stays.</summary>
    Task KillAsync();

    /// <summary>Kills the server if it runs, then starts it again on the same port, config and data directory.</summary>
    Task RestartAsync(CancellationToken cancellationToken = default);

    /// <summary>The last lines of the server log, for assertion messages.</summary>
    string ReadLogTail(int maxLines = 60);
}
