using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration;

/// <summary>Adds a ZooKeeper subtree to a configuration builder.</summary>
public static class ZkConfigurationExtensions
{
    /// <summary>
    /// Adds the subtree under <paramref name="root"/> of the ensemble <paramref name="connectString"/>:
    /// <c>builder.Configuration.AddZkConfiguration("zk1:2181,zk2:2181", "/config/orders", o => o.CacheFilePath = "orders.cache.json")</c>.
    /// The first load blocks for at most <see cref="ZkConfigurationOptions.StartupTimeout"/>.
    /// </summary>
    public static IConfigurationBuilder AddZkConfiguration(
        this IConfigurationBuilder builder, string connectString, string root, Action<ZkConfigurationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddZkConfiguration(options =>
        {
            options.ConnectString = connectString;
            options.Root = root;
            configure?.Invoke(options);
        });
    }

    /// <summary>Adds a ZooKeeper subtree described entirely by <paramref name="configure"/>.</summary>
    public static IConfigurationBuilder AddZkConfiguration(this IConfigurationBuilder builder, Action<ZkConfigurationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ZkConfigurationOptions();
        configure(options);
        return builder.Add(new ZkConfigurationSource(options));
    }
}
