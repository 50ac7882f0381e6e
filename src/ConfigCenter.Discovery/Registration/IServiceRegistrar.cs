namespace ConfigCenter.Discovery;

/// <summary>The running application's own registration: register, change status at run time, deregister.</summary>
public interface IServiceRegistrar
{
    /// <summary>The instance as registered (or to be registered); null before <see cref="RegisterAsync"/>.</summary>
    ZkServiceInstance? Instance { get; }

    /// <summary>True while this process's session holds the instance's node.</summary>
    bool IsRegistered { get; }

    /// <summary>
    /// Writes the instance's ephemeral node, and keeps it there: after a reconnect or a new session the
    /// node is checked and created again when missing, until <see cref="DeregisterAsync"/>.
    /// </summary>
    Task RegisterAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes the status in the registry (e.g. OUT_OF_SERVICE to drain before a deploy).</summary>
    Task SetStatusAsync(InstanceStatus status, CancellationToken cancellationToken = default);

    /// <summary>Deletes the node (only if this session owns it) and stops re-registering.</summary>
    Task DeregisterAsync(CancellationToken cancellationToken = default);
}
