namespace ConfigCenter.Client.Recipes.Caches;

/// <summary>One change a <see cref="TreeCache"/> reports.</summary>
public sealed class TreeCacheEvent : EventArgs
{
    /// <summary>Creates an event.</summary>
    /// <param name="type">What happened.</param>
    /// <param name="data">The node after the change (for a removal, as last cached); null for connection events and Initialized.</param>
    /// <param name="oldData">For an update, the node as cached before it.</param>
    public TreeCacheEvent(TreeCacheEventType type, ChildData? data = null, ChildData? oldData = null)
    {
        Type = type;
        Data = data;
        OldData = oldData;
    }

    /// <summary>What happened.</summary>
    public TreeCacheEventType Type { get; }

    /// <summary>The node after the change (for a removal, as last cached); null for connection events and Initialized.</summary>
    public ChildData? Data { get; }

    /// <summary>For an update, the node as cached before it; otherwise null.</summary>
    public ChildData? OldData { get; }

    /// <summary>The node's path, or null for connection events and Initialized.</summary>
    public string? Path => Data?.Path;

    /// <inheritdoc/>
    public override string ToString() => Path is null ? Type.ToString() : $"{Type} {Path}";
}
