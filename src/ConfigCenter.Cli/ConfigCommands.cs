using System.Globalization;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Configuration.Publishing;

namespace ConfigCenter.Cli;

/// <summary>The actions behind the <c>config</c> commands; each maps failures to an exit code and a one-line message.</summary>
internal sealed class ConfigCommands(TextWriter output, TextWriter error)
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);

    public sealed record Target(string ConnectString, string Root);

    public Task<int> ImportAsync(Target target, FileInfo file, CancellationToken cancellationToken) =>
        RunAsync(target, async publisher =>
        {
            var json = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            var result = await publisher.ImportJsonAsync(target.Root, json, cancellationToken);
            await output.WriteLineAsync(result.Unchanged
                ? $"{target.Root} already matches {file.Name}."
                : $"Imported {file.Name} into {target.Root}: {result.Created} created, {result.Updated} updated, {result.Deleted} deleted.");
            return ExitCodes.Success;
        });

    public Task<int> ExportAsync(Target target, FileInfo? file, CancellationToken cancellationToken) =>
        RunAsync(target, async publisher =>
        {
            var json = await publisher.ExportJsonAsync(target.Root, cancellationToken);
            if (file is null) await output.WriteLineAsync(json);
            else await File.WriteAllTextAsync(file.FullName, json + Environment.NewLine, cancellationToken);
            return ExitCodes.Success;
        });

    public Task<int> GetAsync(Target target, string key, CancellationToken cancellationToken) =>
        RunAsync(target, async publisher =>
        {
            if (await publisher.GetAsync(target.Root, key, cancellationToken) is not { } entry)
            {
                await error.WriteLineAsync($"'{key}' does not exist under {target.Root}.");
                return ExitCodes.BadInput;
            }
            await output.WriteLineAsync(entry.Value ?? "");
            await output.WriteLineAsync($"version {entry.Version.ToString(CultureInfo.InvariantCulture)}");
            return ExitCodes.Success;
        });

    public Task<int> SetAsync(Target target, string key, string value, int? version, CancellationToken cancellationToken) =>
        RunAsync(target, async publisher =>
        {
            var newVersion = await publisher.SetAsync(target.Root, key, value, version, cancellationToken);
            await output.WriteLineAsync($"Set '{key}' (version {newVersion.ToString(CultureInfo.InvariantCulture)}).");
            return ExitCodes.Success;
        });

    public Task<int> DeleteAsync(Target target, string key, int? version, CancellationToken cancellationToken) =>
        RunAsync(target, async publisher =>
        {
            var deleted = await publisher.DeleteAsync(target.Root, key, version, cancellationToken);
            await output.WriteLineAsync(deleted ? $"Deleted '{key}'." : $"'{key}' did not exist.");
            return ExitCodes.Success;
        });

    private async Task<int> RunAsync(Target target, Func<ConfigPublisher, Task<int>> action)
    {
        if (string.IsNullOrEmpty(target.Root))
        {
            await error.WriteLineAsync("A root is required: --root /config/app (or CONFIGCENTER_ROOT).");
            return ExitCodes.Usage;
        }
        try
        {
            await using var publisher = new ConfigPublisher(new ConfigPublisherOptions
            {
                ConnectString = target.ConnectString,
                ConnectionTimeout = ConnectionTimeout,
            });
            return await action(publisher);
        }
        catch (ConfigVersionConflictException exception)
        {
            await error.WriteLineAsync($"Conflict: {exception.Message}");
            return ExitCodes.Conflict;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IOException or InvalidOperationException)
        {
            await error.WriteLineAsync($"Invalid input: {exception.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception exception) when (exception is KeeperException or TimeoutException)
        {
            await error.WriteLineAsync($"ZooKeeper '{target.ConnectString}' failed: {exception.Message}");
            return ExitCodes.Unavailable;
        }
    }
}
