using ConfigCenter.Configuration.Publishing;
using Microsoft.Extensions.DependencyInjection;

namespace ConfigCenter.Configuration.DependencyInjection;

/// <summary>Registers a <see cref="ConfigPublisher"/> for admin endpoints or tools hosted with DI.</summary>
public static class ConfigPublisherServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="ConfigPublisher"/> singleton with its own session (opened on first use and
    /// closed when the container is disposed).
    /// </summary>
    public static IServiceCollection AddZkConfigPublisher(this IServiceCollection services, Action<ConfigPublisherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ConfigPublisherOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.ConnectString))
            throw new ArgumentException("ConfigPublisherOptions.ConnectString is required.", nameof(configure));
        services.AddSingleton(_ => new ConfigPublisher(options));
        return services;
    }
}
