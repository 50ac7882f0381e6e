using System.Text.Json;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>A watch notification as kazoo delivers it: type CREATED, DELETED, CHANGED or CHILD.</summary>
public sealed record WatchEvent(string Type, string Path, string State)
{
    public static WatchEvent From(JsonElement element) => new(element.Str("type"), element.Str("path"), element.Str("state"));

    public static WatchEvent Connected(string type, string path) => new(type, path, "CONNECTED");
}
