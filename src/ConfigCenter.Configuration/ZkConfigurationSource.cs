using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration;

/// <summary>A configuration source reading a ZooKeeper subtree; each build yields a provider with its own session.</summary>
public sealed class ZkConfigurationSource : IConfigurationSource
{
    /// <summary>Creates a source with the given settings (validated here, so a mistake fails at registration).</summary>
    public ZkConfigurationSource(ZkConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The settings.</summary>
    public ZkConfigurationOptions Options { get; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ZkConfigurationProvider(Options);
}
