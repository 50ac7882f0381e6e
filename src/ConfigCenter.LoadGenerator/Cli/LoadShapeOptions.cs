using System.CommandLine;

namespace ConfigCenter.LoadGenerator.Cli;

/// <summary>The load of the side-by-side commands' pipelined workloads: sessions, requests in flight, data size.</summary>
internal sealed class LoadShapeOptions
{
    private readonly Option<int> _connections = new("--connections", "-c") { Description = "Sessions of the pipelined workloads (and the fill).", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _outstanding = new("--outstanding") { Description = "Requests in flight per session.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _dataSize = new("--data-size") { Description = "Bytes of data per znode or write.", DefaultValueFactory = _ => 100 };

    public IEnumerable<Option> Options => [_connections, _outstanding, _dataSize];

    public (int Connections, int Outstanding, int DataSize) Bind(ParseResult parse) =>
        (parse.GetValue(_connections), parse.GetValue(_outstanding), parse.GetValue(_dataSize));
}
