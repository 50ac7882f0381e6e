using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Support;

/// <summary>A depth-first dump of a subtree: one line per node with its data and stat, rendered by the caller.</summary>
public static class TreeSnapshot
{
    /// <summary>Lines in path order; a node the session may not read shows its error instead of its data.</summary>
    public static async Task<IReadOnlyList<string>> CaptureAsync(
        RawZkConnection connection, string root, Func<GetDataResponse, string> renderNode, CancellationToken ct = default)
    {
        var lines = new List<string>();
        await VisitAsync(connection, root, renderNode, lines, ct);
        return lines;
    }

    private static async Task VisitAsync(RawZkConnection connection, string path, Func<GetDataResponse, string> renderNode, List<string> lines, CancellationToken ct)
    {
        var data = await connection.SendAsync(OpCode.GetData, new GetDataRequest(path, false), ct: ct);
        lines.Add(data.Err == ErrorCode.Ok ? $"{path} {renderNode(data.BodyAs<GetDataResponse>())}" : $"{path} getData:{data.Err}");
        var children = await connection.SendAsync(OpCode.GetChildren, new GetChildrenRequest(path, false), ct: ct);
        if (children.Err != ErrorCode.Ok)
        {
            if (data.Err == ErrorCode.Ok) lines.Add($"{path} getChildren:{children.Err}");
            return;
        }
        foreach (var child in children.BodyAs<GetChildrenResponse>().Children.Order(StringComparer.Ordinal))
            await VisitAsync(connection, ZkPath.Combine(path, child), renderNode, lines, ct);
    }
}
