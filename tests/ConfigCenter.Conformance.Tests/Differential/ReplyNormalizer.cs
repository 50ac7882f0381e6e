using System.Globalization;
using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>
/// Turns replies into text that two correct servers render identically: zxids become offsets from
/// the first zxid this server reported in the scenario, times become checks against the run's wall
/// window, session ids become the scenario's session ordinals, and unordered lists are sorted.
/// </summary>
public sealed class ReplyNormalizer
{
    // Both servers run on this machine's clock; the slack covers clock reads on either side of a request.
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(2);

    private readonly Dictionary<long, int> _sessionOrdinals = [];
    private readonly long _windowStartMs = DateTimeOffset.UtcNow.Add(-ClockSlack).ToUnixTimeMilliseconds();
    private long? _baseZxid;

    public void RegisterSession(long sessionId, int ordinal) => _sessionOrdinals[sessionId] = ordinal;

    public string Reply(RawReply reply)
    {
        _baseZxid ??= reply.Zxid;
        return $"err={reply.Err} zxid={Zxid(reply.Zxid)} {Body(reply.Body, reply.DecodeError)}";
    }

    public string Connect(ConnectResponse response) =>
        $"connected timeout={response.Timeout} readOnly={response.ReadOnly} passwordLength={response.Password.Length} sessionIdSet={response.SessionId != 0}";

    public string Events(IEnumerable<WatcherEvent> events) =>
        string.Join("; ", events.Select(e => $"{e.Type}/{e.State}/{Text(e.Path)}"));

    public string Body(Response? body, string? decodeError = null) => body switch
    {
        null => decodeError is null ? "" : $"UNDECODABLE({decodeError})",
        EmptyResponse => "",
        CreateResponse r => $"path={Text(r.Path)}",
        Create2Response r => $"path={Text(r.Path)} {Stat(r.Stat)}",
        StatResponse r => Stat(r.Stat),
        GetDataResponse r => $"data={Data(r.Data)} {Stat(r.Stat)}",
        GetChildrenResponse r => $"children={Sorted(r.Children)}",
        GetChildren2Response r => $"children={Sorted(r.Children)} {Stat(r.Stat)}",
        GetAclResponse r => $"acl=[{string.Join(",", r.Acl.Select(a => $"{(int)a.Perms}:{a.Id}"))}] {Stat(r.Stat)}",
        SyncResponse r => $"path={Text(r.Path)}",
        GetAllChildrenNumberResponse r => $"total={r.TotalNumber}",
        GetEphemeralsResponse r => $"ephemerals={Sorted(r.Ephemerals)}",
        MultiResponse r => $"results=[{string.Join(" | ", r.Results.Select(MultiResult))}]",
        _ => body.ToString(),
    };

    public string Stat(Stat s)
    {
        var times = Time(s.Ctime) + "/" + Time(s.Mtime) + (s.Ctime > s.Mtime ? "(ctime>mtime!)" : "");
        return $"stat(c={Zxid(s.Czxid)} m={Zxid(s.Mzxid)} p={Zxid(s.Pzxid)} t={times} v={s.Version} cv={s.Cversion} av={s.Aversion} " +
            $"owner={Owner(s.EphemeralOwner)} len={s.DataLength} kids={s.NumChildren})";
    }

    private string MultiResult(MultiResult result) =>
        result.Type == OpCode.Error ? $"error:{result.Err}" : $"{result.Type}:{Body(result.Body)}";

    // Zero means "never" (the root and /zookeeper were made by no transaction) and stays zero.
    private string Zxid(long zxid) => zxid switch
    {
        0 => "0",
        < 0 => zxid.ToString(CultureInfo.InvariantCulture),
        _ => "b" + (zxid - (_baseZxid ?? zxid)).ToString("+0;-0;+0", CultureInfo.InvariantCulture),
    };

    private string Time(long epochMs)
    {
        if (epochMs == 0) return "0";
        var now = DateTimeOffset.UtcNow.Add(ClockSlack).ToUnixTimeMilliseconds();
        return epochMs >= _windowStartMs && epochMs <= now ? "t" : $"OUT-OF-WINDOW({epochMs})";
    }

    private string Owner(long sessionId) => sessionId == 0 ? "0"
        : _sessionOrdinals.TryGetValue(sessionId, out var ordinal) ? "session" + ordinal : $"UNKNOWN-SESSION(0x{sessionId:x})";

    private static string Sorted(IEnumerable<string> items) => "[" + string.Join(",", items.Order(StringComparer.Ordinal).Select(Text)) + "]";

    private static string Data(byte[]? data) => data is null ? "null" : "\"" + Text(Encoding.UTF8.GetString(data)) + "\"";

    /// <summary>Control characters made visible so a mismatch message can be read.</summary>
    public static string Text(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c >= '\ufff0') text.Append($"\\u{(int)c:x4}");
            else text.Append(c);
        }
        return text.ToString();
    }
}
