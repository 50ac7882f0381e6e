using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ConfigCenter.Configuration.Cache;

/// <summary>
/// The local copy of the last good configuration, used to start when the ensemble is unreachable. It is
/// written to a temporary file in the same directory, flushed to disk and renamed over the old one, so a
/// crash mid-write leaves either the old or the new file, never a torn one. The file holds secrets such
/// as connection strings, so it is created readable by its owner only.
/// </summary>
public sealed class LastGoodConfigurationCache(string path, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The cache file.</summary>
    public string FilePath { get; } = Path.GetFullPath(path);

    /// <summary>Writes the values atomically; a failure is logged, never thrown (the application goes on without a fresh cache).</summary>
    public void Save(CachedConfiguration configuration)
    {
        var temporary = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            if (Path.GetDirectoryName(FilePath) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, configuration, Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "Could not write the configuration cache file {CacheFile}", FilePath);
            TryDelete(temporary);
        }
    }

    /// <summary>The cached values of <paramref name="root"/>, or null when there is no usable file (the reason is logged).</summary>
    public CachedConfiguration? TryLoad(string root)
    {
        if (!File.Exists(FilePath)) return null;
        try
        {
            using var stream = File.OpenRead(FilePath);
            var cached = JsonSerializer.Deserialize<CachedConfiguration>(stream, Json);
            if (cached?.Values is null) throw new JsonException("The file holds no values.");
            if (cached.Root != root)
            {
                logger.LogWarning("The configuration cache file {CacheFile} holds root {CachedRoot}, not {Root}; ignoring it", FilePath, cached.Root, root);
                return null;
            }
            return cached with { Values = new Dictionary<string, string?>(cached.Values, StringComparer.OrdinalIgnoreCase) };
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogWarning(exception, "The configuration cache file {CacheFile} cannot be read; ignoring it", FilePath);
            return null;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
