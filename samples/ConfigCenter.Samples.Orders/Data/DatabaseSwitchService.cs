using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConfigCenter.Samples.Orders.Data;

/// <summary>
/// Follows ConnectionStrings:Orders: at startup and after every change it migrates the target database,
/// builds a new NpgsqlDataSource and switches to it. Changes are queued from IOptionsMonitor.OnChange
/// (which runs on the configuration provider's thread) and applied here one at a time, so a slow
/// migration never holds up configuration reloads.
/// </summary>
public sealed class DatabaseSwitchService(
    IOptionsMonitor<OrdersDatabaseOptions> options,
    DataSourceSwitcher switcher,
    SchemaMigrator migrator,
    ILoggerFactory loggerFactory,
    ILogger<DatabaseSwitchService> logger) : BackgroundService
{
    private readonly Channel<string?> _changes = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The first database must be ready before the app takes requests.
        Apply(options.CurrentValue.Orders);
        options.OnChange(changed => _changes.Writer.TryWrite(changed.Orders));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var connectionString in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                Apply(connectionString);
            }
            catch (Exception exception)
            {
                // The old database keeps serving; the next published change gets another chance.
                logger.LogError(exception, "Switching the orders database failed; staying on the current one");
            }
        }
    }

    private void Apply(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogWarning("ConnectionStrings:Orders is not set; staying on the current database");
            return;
        }
        if (connectionString == switcher.CurrentConnectionString) return;
        migrator.Migrate(connectionString);
        var dataSource = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(loggerFactory).Build();
        switcher.Switch(dataSource, connectionString);
        logger.LogInformation("Orders queries now go to database {Database}", new NpgsqlConnectionStringBuilder(connectionString).Database);
    }
}
