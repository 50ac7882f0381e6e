using System.Diagnostics;
using System.Net.Http.Json;
using ConfigCenter.Configuration.Publishing;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Testing.Servers;
using Npgsql;

namespace ConfigCenter.Configuration.Tests.Sample;

/// <summary>
/// The sample under steady load while its connection string is switched in the config center: no request
/// fails, new queries land in the new database, and the old pool's connections leave pg_stat_activity.
/// </summary>
[Collection(ConfigurationCollection.Name)]
public sealed class LiveDatabaseSwitchTests(SharedServers servers)
{
    private const int Workers = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private sealed record Stats(string Database, long Orders);

    [PostgresFact]
    public async Task Switching_the_connection_string_under_load_fails_no_request_and_closes_the_old_pool()
    {
        var admin = PostgresFactAttribute.ConnectionString!;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (oldDatabase, newDatabase) = ($"orders_a_{suffix}", $"orders_b_{suffix}");
        await using var adminSource = NpgsqlDataSource.Create(admin);
        await ExecuteAsync(adminSource, $"CREATE DATABASE {oldDatabase}");
        await ExecuteAsync(adminSource, $"CREATE DATABASE {newDatabase}");
        try
        {
            var server = await servers.GetAsync(ServerKind.ConfigCenter);
            var root = ZkTestClients.NewRootPath("orders");
            await using var publisher = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
            await publisher.SetAsync(root, "ConnectionStrings:Orders", ConnectionString(admin, oldDatabase));
            await using var sample = await SampleProcess.StartAsync(server.ConnectString, root);
            Assert.Equal(oldDatabase, (await sample.GetAsync<Stats>("/stats")).Database);
            Assert.True((await sample.Http.PostAsJsonAsync("/orders", new { Customer = "before", Amount = 1.5m })).IsSuccessStatusCode);

            var load = new SteadyLoad(sample.Http, Workers);
            await load.WaitForSuccessesAsync(20, Deadline);
            var slowQuery = sample.GetAsync<Stats>("/stats?delayMs=1500"); // still running on the old pool at the switch
            await WaitUntilAsync(async () => await CountConnectionsAsync(adminSource, oldDatabase) > Workers / 2, "load on the old pool");

            await publisher.SetAsync(root, "ConnectionStrings:Orders", ConnectionString(admin, newDatabase));
            var switchedAt = await load.WaitForFirstResponseFromAsync(newDatabase, Deadline);
            await load.WaitForSuccessesAsync(load.Successes + 50, Deadline);
            await WaitUntilAsync(async () => await CountConnectionsAsync(adminSource, oldDatabase) == 0, "the old pool's connections to close");
            var results = await load.StopAsync();

            Assert.Empty(results.Failures);
            Assert.Equal(oldDatabase, (await slowQuery).Database);
            var lateOld = results.Responses.Where(r => r.Database == oldDatabase && r.StartedAt > switchedAt).ToList();
            Assert.True(lateOld.Count == 0, $"{lateOld.Count} request(s) started after the switch was seen still went to the old database.");
            Assert.Contains(results.Responses, r => r.Database == newDatabase);
            Assert.Equal(0, (await sample.GetAsync<Stats>("/stats")).Orders); // the new database is migrated and empty
            Assert.True((await sample.Http.PostAsJsonAsync("/orders", new { Customer = "after", Amount = 2m })).IsSuccessStatusCode);
            Assert.Equal(1, (await sample.GetAsync<Stats>("/stats")).Orders);
        }
        finally
        {
            await ExecuteAsync(adminSource, $"DROP DATABASE IF EXISTS {oldDatabase} WITH (FORCE)");
            await ExecuteAsync(adminSource, $"DROP DATABASE IF EXISTS {newDatabase} WITH (FORCE)");
        }
    }

    private static string ConnectionString(string admin, string database) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, ApplicationName = "orders-sample", MaxPoolSize = 20 }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountConnectionsAsync(NpgsqlDataSource source, string database)
    {
        await using var command = source.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'orders-sample'");
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Re-checks a database-side condition until it holds; there is no event to await from PostgreSQL.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string description)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Deadline) throw new TimeoutException($"Timed out waiting for {description}.");
            await Task.Delay(50); // poll interval of an external condition
        }
    }

    /// <summary>Workers sending GET /stats back to back, recording every response and failure.</summary>
    private sealed class SteadyLoad
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _workers;
        private readonly List<(string Database, DateTime StartedAt)> _responses = [];
        private readonly List<string> _failures = [];
        private readonly List<(string Database, TaskCompletionSource<DateTime> Seen)> _databaseWaiters = [];
        private readonly List<(int Count, TaskCompletionSource Reached)> _countWaiters = [];

        public SteadyLoad(HttpClient http, int workers) =>
            _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(http))).ToList();

        public int Successes
        {
            get { lock (_responses) return _responses.Count; }
        }

        public Task WaitForSuccessesAsync(int count, TimeSpan timeout)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_responses)
            {
                if (_responses.Count >= count) return Task.CompletedTask;
                _countWaiters.Add((count, reached));
            }
            return reached.Task.WaitAsync(timeout);
        }

        /// <summary>Completes with the time the first request answered by <paramref name="database"/> was sent.</summary>
        public Task<DateTime> WaitForFirstResponseFromAsync(string database, TimeSpan timeout)
        {
            var seen = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_responses)
            {
                if (_responses.FirstOrDefault(r => r.Database == database) is { Database: not null } first) return Task.FromResult(first.StartedAt);
                _databaseWaiters.Add((database, seen));
            }
            return seen.Task.WaitAsync(timeout);
        }

        public async Task<(IReadOnlyList<(string Database, DateTime StartedAt)> Responses, IReadOnlyList<string> Failures)> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
            lock (_responses) return ([.. _responses], [.. _failures]);
        }

        private async Task RunAsync(HttpClient http)
        {
            while (!_stop.IsCancellationRequested)
            {
                var startedAt = DateTime.UtcNow;
                try
                {
                    var stats = await http.GetFromJsonAsync<Stats>("/stats", _stop.Token);
                    Record(stats!.Database, startedAt);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    lock (_responses) _failures.Add(exception.Message);
                }
            }
        }

        private void Record(string database, DateTime startedAt)
        {
            lock (_responses)
            {
                _responses.Add((database, startedAt));
                foreach (var waiter in _databaseWaiters.Where(w => w.Database == database)) waiter.Seen.TrySetResult(startedAt);
                foreach (var waiter in _countWaiters.Where(w => _responses.Count >= w.Count)) waiter.Reached.TrySetResult();
            }
        }
    }
}
