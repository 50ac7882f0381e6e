using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConfigCenter.Discovery;

/// <summary>
/// Registers the application once it is fully started and deregisters it first thing on shutdown.
/// </summary>
/// <remarks>
/// Ordering, which is why this is an <see cref="IHostedLifecycleService"/>:
/// <list type="bullet">
/// <item>Registration runs in <see cref="StartedAsync"/>, after every hosted service's StartAsync, so in
/// ASP.NET Core Kestrel is already listening (and knows a port chosen at random) when consumers learn of us.</item>
/// <item>Deregistration runs in <see cref="StoppingAsync"/>: the host awaits it right after
/// ApplicationStopping fires and before any hosted service's StopAsync. Kestrel stops accepting in the web
/// host's StopAsync, so the node is gone (and <see cref="ZkRegistrationOptions.DrainDelay"/> has passed for
/// consumers' caches to catch up) while the server still answers.</item>
/// </list>
/// </remarks>
internal sealed class ZkRegistrationHostedService(
    IServiceRegistrar registrar, IOptions<ZkRegistrationOptions> options, IOptions<ZkDiscoveryOptions> discoveryOptions,
    ILogger<ZkRegistrationHostedService> logger) : IHostedLifecycleService
{
    private readonly ZkRegistrationOptions _options = options.Value;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await registrar.RegisterAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The registrar stays armed: it registers as soon as the client gets its session.
            logger.LogWarning(
                "ZooKeeper at {ConnectString} not reachable at startup; {Service} registers when it is",
                discoveryOptions.Value.ConnectString, _options.ServiceName);
        }
        catch (Client.Exceptions.KeeperException exception)
        {
            // Connection trouble is retried at the next reconnect; anything else (an ACL) needs a person.
            logger.LogError(exception, "Registering {Service} failed; it is retried when the client reconnects", _options.ServiceName);
        }
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DeregistrationTimeout);
        try
        {
            await registrar.DeregisterAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Client.Exceptions.KeeperException)
        {
            // The session closes right after; the node goes with it.
            logger.LogWarning("Deregistration did not complete ({Reason}); the node goes when the session closes", exception.Message);
        }

        if (_options.DrainDelay > TimeSpan.Zero)
        {
            logger.LogInformation("Draining for {Delay} before the server stops", _options.DrainDelay);
            try
            {
                await Task.Delay(_options.DrainDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout won: stop now.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
