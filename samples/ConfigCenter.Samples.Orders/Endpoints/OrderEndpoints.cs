using ConfigCenter.Samples.Orders.Data;
using Dapper;

namespace ConfigCenter.Samples.Orders.Endpoints;

/// <summary>The orders API. Every query holds a lease on the data source it started with until it is done.</summary>
public static class OrderEndpoints
{
    public sealed record NewOrder(string Customer, decimal Amount);

    public sealed record Order(long Id, string Customer, decimal Amount, DateTime CreatedAt);

    /// <summary>Where a query ran: the database, and how many orders it holds.</summary>
    public sealed record DatabaseStats(string Database, long Orders);

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/orders", async (DataSourceSwitcher switcher, CancellationToken cancellationToken) =>
        {
            using var lease = switcher.Acquire();
            await using var connection = await lease.DataSource.OpenConnectionAsync(cancellationToken);
            return await connection.QueryAsync<Order>(new CommandDefinition(
                "SELECT id, customer, amount, created_at AS CreatedAt FROM orders ORDER BY id DESC LIMIT 100", cancellationToken: cancellationToken));
        });

        app.MapPost("/orders", async (NewOrder order, DataSourceSwitcher switcher, CancellationToken cancellationToken) =>
        {
            using var lease = switcher.Acquire();
            await using var connection = await lease.DataSource.OpenConnectionAsync(cancellationToken);
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO orders (customer, amount) VALUES (@Customer, @Amount) RETURNING id", order, cancellationToken: cancellationToken));
            return Results.Created($"/orders/{id}", new { id });
        });

        // Used by the load test: which database answered, optionally after a delay (a query still running at a switch).
        app.MapGet("/stats", async (int? delayMs, DataSourceSwitcher switcher, CancellationToken cancellationToken) =>
        {
            using var lease = switcher.Acquire();
            await using var connection = await lease.DataSource.OpenConnectionAsync(cancellationToken);
            return await connection.QuerySingleAsync<DatabaseStats>(new CommandDefinition(
                "SELECT current_database() AS Database, (SELECT count(*) FROM orders) AS Orders FROM pg_sleep(@Seconds)",
                new { Seconds = (delayMs ?? 0) / 1000.0 }, cancellationToken: cancellationToken));
        });

        app.MapGet("/health", () => Results.Ok("ok"));
        return app;
    }
}
