using ConfigCenter.Client;
using ConfigCenter.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Publishing;

/// <summary>Settings of a <see cref="ConfigPublisher"/>.</summary>
public sealed class ConfigPublisherOptions
{
    /// <summary>"zk1:2181,zk2:2181", as for <see cref="ZooKeeperClientOptions.ConnectString"/>.</summary>
    public string ConnectString { get; set; } = "";

    /// <summary>The session timeout asked of the server.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an operation waits for the first session.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Credentials sent on every connect.</summary>
    public IList<AuthInfo> AuthInfo { get; } = new List<AuthInfo>();

    /// <summary>The ACL of the znodes the publisher creates; open to everyone by default.</summary>
    public IReadOnlyList<Acl> Acl { get; set; } = Protocol.Records.Acl.OpenAclUnsafe;

    /// <summary>Where the client logs; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
