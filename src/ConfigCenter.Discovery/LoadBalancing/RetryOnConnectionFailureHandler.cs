using Microsoft.Extensions.Logging;

namespace ConfigCenter.Discovery;

/// <summary>
/// Sends an idempotent request again when the instance could not be reached, up to
/// <c>maxAttempts</c> sends in all. Placed outside a resolving handler: with
/// <see cref="LoadBalancingHttpHandler"/> each retry goes to an instance not tried yet; with
/// Microsoft.Extensions.ServiceDiscovery's handler each retry resolves again (round robin moves on).
/// Request content must be re-readable (byte array, string, JSON content are).
/// </summary>
public sealed class RetryOnConnectionFailureHandler(int maxAttempts, ILogger<RetryOnConnectionFailureHandler> logger) : DelegatingHandler
{
    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (maxAttempts <= 1 || !ConnectionFailures.IsIdempotent(request.Method))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested
                                              && ConnectionFailures.IsConnectionFailure(exception))
            {
                logger.LogDebug("{Method} {Uri} could not reach an instance ({Reason}); attempt {Next} of {Max}",
                    request.Method, request.RequestUri, exception.Message, attempt + 1, maxAttempts);
            }
        }
    }
}
