namespace ConfigCenter.Discovery;

/// <summary>
/// Sends <c>http://service/path</c> to an instance of <c>service</c> chosen by a <see cref="ZkLoadBalancer"/>:
/// the URI's host names the service, the chosen instance's scheme, host and port replace it for the
/// send, and the original URI is put back afterwards (so an outer retry resolves again). Instances this
/// request already went to are skipped. Service names are matched as <see cref="Uri.Host"/> gives them:
/// lower case.
/// </summary>
public sealed class LoadBalancingHttpHandler(ZkLoadBalancer balancer) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var original = request.RequestUri ?? throw new InvalidOperationException("The request has no RequestUri naming a service.");
        var serviceId = original.Host;
        var tried = RequestAttempts.Tried(request);
        var instance = await balancer.ChooseAsync(serviceId, tried, cancellationToken).ConfigureAwait(false)
                       ?? throw new ServiceUnavailableException(
                           serviceId,
                           tried.Count == 0
                               ? $"No instance of service '{serviceId}' is available."
                               : $"No instance of service '{serviceId}' is left to try after {tried.Count} failed.");
        tried.Add(instance.InstanceId);

        request.RequestUri = ZkLoadBalancer.RewriteUri(original, instance);
        using var inFlight = balancer.BeginRequest(instance);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            balancer.ReportOutcome(instance, connectionFailed: false);
            return response;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && ConnectionFailures.IsConnectionFailure(exception))
        {
            balancer.ReportOutcome(instance, connectionFailed: true);
            throw;
        }
        finally
        {
            request.RequestUri = original;
        }
    }
}
