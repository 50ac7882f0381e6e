using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ConfigCenter.Samples.Consumer;

/// <summary>Sends the requests and prints one line per reply and a summary: "summary total=N failures=F id=count ...".</summary>
public sealed class EchoCaller(IServiceProvider services, ConsumerOptions options)
{
    public const string LoadBalancerClient = "echo-load-balancer";
    public const string ServiceDiscoveryClient = "echo-service-discovery";

    /// <summary>Returns how many requests failed.</summary>
    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var clientName = string.Equals(options.Mode, "ServiceDiscovery", StringComparison.OrdinalIgnoreCase) ? ServiceDiscoveryClient : LoadBalancerClient;
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        var sent = 0;
        for (var i = 1; (options.Requests == 0 || i <= options.Requests) && !stopping.IsCancellationRequested; i++)
        {
            sent++;
            try
            {
                var reply = await client.GetFromJsonAsync<EchoReply>("/", stopping);
                var id = reply?.InstanceId ?? "?";
                counts[id] = counts.GetValueOrDefault(id) + 1;
                Console.WriteLine($"reply {i} {id}");
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                failures++;
                Console.WriteLine($"failure {i} {exception.Message}");
            }
            if (options.IntervalMs > 0) await Task.Delay(options.IntervalMs, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Console.WriteLine($"summary total={sent} failures={failures} " + string.Join(' ', counts.Select(pair => $"{pair.Key}={pair.Value}")));
        return failures;
    }

    private sealed record EchoReply(string InstanceId, string Service);
}
