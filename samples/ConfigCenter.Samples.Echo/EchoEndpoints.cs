using ConfigCenter.Discovery;

namespace ConfigCenter.Samples.Echo;

/// <summary>The HTTP surface: who answered, and an admin endpoint to change the registered status.</summary>
public static class EchoEndpoints
{
    public static void MapEchoEndpoints(this WebApplication app)
    {
        // Who answered: consumers count these to see how load spreads.
        app.MapGet("/", async (IServiceRegistrar registrar, EchoBehavior behavior, CancellationToken cancellationToken) =>
        {
            if (behavior.DelayMs > 0) await Task.Delay(behavior.DelayMs, cancellationToken);
            return Results.Ok(Describe(registrar));
        });

        // Play a slow instance (least-outstanding-requests demonstrations): PUT /delay/200.
        app.MapPut("/delay/{milliseconds:int}", (int milliseconds, EchoBehavior behavior) =>
        {
            behavior.DelayMs = milliseconds;
            return Results.Ok(new { behavior.DelayMs });
        });

        app.MapGet("/status", (IServiceRegistrar registrar) => Results.Ok(Describe(registrar)));

        // Drain before a deploy: PUT /status/OUT_OF_SERVICE, wait for traffic to stop, deploy, PUT /status/UP.
        app.MapPut("/status/{status}", async (string status, IServiceRegistrar registrar, CancellationToken cancellationToken) =>
        {
            var parsed = InstanceStatusNames.Parse(status);
            if (parsed == InstanceStatus.Unknown) return Results.BadRequest($"Unknown status {status}; use UP, DOWN or OUT_OF_SERVICE.");
            await registrar.SetStatusAsync(parsed, cancellationToken);
            return Results.Ok(Describe(registrar));
        });
    }

    private static EchoReply Describe(IServiceRegistrar registrar)
    {
        var instance = registrar.Instance;
        return new EchoReply(
            instance?.InstanceId ?? "",
            instance?.ServiceId ?? "",
            instance?.Zone,
            InstanceStatusNames.ToName(instance?.Status ?? InstanceStatus.Unknown),
            registrar.IsRegistered);
    }
}

/// <summary>The echo answer.</summary>
public sealed record EchoReply(string InstanceId, string Service, string? Zone, string Status, bool Registered);
