using Microsoft.Extensions.Logging;

namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>Settings of a <see cref="TreeCache"/>.</summary>
public sealed class TreeCacheOptions
{
    /// <summary>How the cache learns of changes; persistent recursive watches by default.</summary>
    public TreeCacheWatchMode WatchMode { get; set; } = TreeCacheWatchMode.PersistentRecursive;

    /// <summary>Where to log; null logs nothing.</summary>
    public ILogger? Logger { get; set; }
}
