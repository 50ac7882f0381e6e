using System.Net;
using System.Net.Sockets;
using ConfigCenter.Discovery.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace ConfigCenter.Discovery.Tests.LoadBalancing;

/// <summary>
/// The load-balancing HttpClient over registry instances whose network is a stub: connection failures
/// on some ports show where retries go.
/// </summary>
[Collection(DiscoveryCollection.Name)]
public sealed class RetryOnAnotherInstanceTests(SharedServers servers)
{
    [Fact]
    public async Task An_idempotent_request_is_retried_on_instances_not_tried_yet()
    {
        await using var setup = await StubbedAsync(deadPorts: [8001, 8002]);

        var response = await setup.Consumer.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8003, setup.Attempts[^1].Port);
        Assert.Equal(setup.Attempts.Count, setup.Attempts.Distinct().Count());
        Assert.All(setup.Attempts, uri => Assert.Equal("/", uri.AbsolutePath));
    }

    [Fact]
    public async Task A_POST_is_not_retried()
    {
        await using var setup = await StubbedAsync(deadPorts: [8001, 8002, 8003]);

        await Assert.ThrowsAsync<HttpRequestException>(() => setup.Consumer.Http.PostAsync("/", new StringContent("x")));

        Assert.Single(setup.Attempts);
    }

    [Fact]
    public async Task When_every_instance_fails_the_request_fails_after_MaxAttempts_distinct_instances()
    {
        await using var setup = await StubbedAsync(deadPorts: [8001, 8002, 8003]);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => setup.Consumer.Http.GetAsync("/"));

        Assert.Equal(HttpRequestError.ConnectionError, failure.HttpRequestError);
        Assert.Equal([8001, 8002, 8003], setup.Attempts.Select(uri => uri.Port).Order());
    }

    [Fact]
    public async Task An_instance_failing_twice_is_skipped_afterwards()
    {
        await using var setup = await StubbedAsync(deadPorts: [8002]);

        for (var i = 0; i < 12; i++) (await setup.Consumer.Http.GetAsync("/")).EnsureSuccessStatusCode();

        // Round robin reaches 8002 every third request until it has failed twice; after that it is skipped.
        Assert.Equal(2, setup.Attempts.Count(uri => uri.Port == 8002));
        Assert.Equal(14, setup.Attempts.Count);
    }

    private async Task<Stubbed> StubbedAsync(int[] deadPorts)
    {
        var server = await servers.GetAsync(ServerKind.ConfigCenter);
        var basePath = Registries.NewBasePath("retry");
        var writer = await Registries.ConnectAsync(server.ConnectString);
        foreach (var (id, port) in new[] { ("a", 8001), ("b", 8002), ("c", 8003) })
            await Registries.CreateInstanceNodeAsync(writer, basePath, TestConsumer.Service, id, Registries.InstanceJson(TestConsumer.Service, id, port));
        var attempts = new List<Uri>();
        var consumer = TestConsumer.Create(server.ConnectString, basePath, more: services =>
            services.AddHttpClient(TestConsumer.Service).ConfigurePrimaryHttpMessageHandler(() => new StubHandler(request =>
            {
                lock (attempts) attempts.Add(request.RequestUri!);
                if (deadPorts.Contains(request.RequestUri!.Port))
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));
                return new HttpResponseMessage(HttpStatusCode.OK);
            })));
        await consumer.WaitForRoutableAsync("a", "b", "c");
        return new Stubbed(writer, consumer, attempts);
    }

    private sealed record Stubbed(Client.ZooKeeperClient Writer, TestConsumer Consumer, List<Uri> Attempts) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Consumer.DisposeAsync();
            await Writer.DisposeAsync();
        }
    }
}
