using DbUp;
using Npgsql;

namespace ConfigCenter.Samples.Orders.Data;

/// <summary>Brings a database's schema up to date with the SQL files in migrations/ (embedded), through DbUp.</summary>
public sealed class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    /// <summary>Runs the scripts the database has not run yet (DbUp journals them in its schemaversions table).</summary>
    public void Migrate(string connectionString)
    {
        // Unpooled: DbUp opens plain NpgsqlConnections, whose pool would otherwise keep idle connections to this
        // database long after the app's own data source for it is gone.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(unpooled)
            .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => name.Contains(".migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migrating the orders database failed at {result.ErrorScript?.Name}.", result.Error);
        logger.LogInformation("Orders schema is up to date ({Count} script(s) run)", result.Scripts.Count());
    }
}
