using System.Text;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>
/// Plays a scenario against one server over raw connections and records each step's normalized
/// outcome. After every step each session pings: the server answers a connection in order, so once
/// the ping reply is in, every notification the step caused for that session has arrived too.
/// </summary>
public sealed class ScenarioRunner(int port, string serverName, int sessionCount) : IAsyncDisposable
{
    public const int SessionTimeoutMs = 30_000;

    // Asking for 1 ms gets the server's minimum (2 ticks), so the expiry wait stays short.
    private const int ExpiringSessionTimeoutMs = 1;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExpiryTimeout = TimeSpan.FromSeconds(20);

    private readonly RawZkConnection?[] _sessions = new RawZkConnection?[sessionCount];
    private readonly List<string> _createdPaths = [];
    private readonly ReplyNormalizer _normalizer = new();
    private int _nextOrdinal;

    public async Task<ScenarioTranscript> RunAsync(IReadOnlyList<ScenarioStep> steps, CancellationToken ct)
    {
        var records = new List<StepRecord>(steps.Count + 1);
        var setup = new StringBuilder();
        for (var slot = 0; slot < _sessions.Length; slot++) setup.Append(await OpenSlotAsync(slot, ct)).Append("; ");
        foreach (var path in ScenarioGenerator.Parents)
            setup.Append(await SendAsync(0, OpCode.Create, new CreateRequest(path, [], Acl.OpenAclUnsafe, 0), ct)).Append("; ");
        // '@' references reach what the scenario created, not the scaffolding.
        _createdPaths.Clear();
        records.Add(new StepRecord(0, $"setup: {sessionCount} sessions, create {string.Join(", ", ScenarioGenerator.Parents)}", setup.ToString(), await BarrierAsync(sortEvents: false, ct)));

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var outcome = await ExecuteAsync(step, ct);
            var sortEvents = step is CloseSessionStep or ExpireSessionStep;
            records.Add(new StepRecord(i + 1, step.Describe(), outcome, await BarrierAsync(sortEvents, ct)));
        }

        return new ScenarioTranscript(serverName, records, await CaptureTreeAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
            if (session is not null) await session.DisposeAsync();
    }

    private async Task<string> ExecuteAsync(ScenarioStep step, CancellationToken ct) => step switch
    {
        CreateStep s => await SendAsync(s.Session, s.Op, new CreateRequest(Resolve(s.Path), Encoding.UTF8.GetBytes(s.Data), AclFor(s.Acl), (int)s.Mode, s.Ttl), ct),
        SetDataStep s => await SendAsync(s.Session, OpCode.SetData, new SetDataRequest(Resolve(s.Path), Encoding.UTF8.GetBytes(s.Data), s.Version), ct),
        DeleteStep s => await SendAsync(s.Session, OpCode.Delete, new DeleteRequest(Resolve(s.Path), s.Version), ct),
        CheckStep s => await SendAsync(s.Session, OpCode.Check, new CheckVersionRequest(Resolve(s.Path), s.Version), ct),
        ReadStep s => await SendAsync(s.Session, s.Op, ReadRequest(s), ct),
        MultiStep s => await SendAsync(s.Session, s.Op, new MultiRequest([.. s.Ops.Select(MultiOp)]), ct),
        SetAclStep s => await SendAsync(s.Session, OpCode.SetAcl, new SetAclRequest(Resolve(s.Path), AclFor(s.Acl), s.Version), ct),
        AddAuthStep s => await SendAsync(s.Session, OpCode.Auth, new AuthRequest(new AuthPacket(0, "digest", DigestAcls.Credentials(s.User))), ct, Xids.Auth),
        CloseSessionStep s => await CloseAndReopenAsync(s.Session, ct),
        ExpireSessionStep s => await ExpireAsync(s, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown step"),
    };

    private Request ReadRequest(ReadStep step)
    {
        var path = Resolve(step.Path);
        return step.Op switch
        {
            OpCode.Exists => new ExistsRequest(path, step.Watch),
            OpCode.GetData => new GetDataRequest(path, step.Watch),
            OpCode.GetChildren or OpCode.GetChildren2 => new GetChildrenRequest(path, step.Watch),
            OpCode.GetAcl => new GetAclRequest(path),
            OpCode.Sync => new SyncRequest(path),
            OpCode.GetAllChildrenNumber => new GetAllChildrenNumberRequest(path),
            OpCode.GetEphemerals => new GetEphemeralsRequest(path),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Op, "not a read"),
        };
    }

    private MultiOp MultiOp(MultiOpSpec op)
    {
        var path = Resolve(op.Path);
        Request request = op.Type switch
        {
            OpCode.Create or OpCode.Create2 => new CreateRequest(path, Encoding.UTF8.GetBytes(op.Data), Acl.OpenAclUnsafe, (int)op.Mode),
            OpCode.Delete => new DeleteRequest(path, op.Version),
            OpCode.SetData => new SetDataRequest(path, Encoding.UTF8.GetBytes(op.Data), op.Version),
            OpCode.Check => new CheckVersionRequest(path, op.Version),
            OpCode.GetData => new GetDataRequest(path, false),
            OpCode.GetChildren => new GetChildrenRequest(path, false),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op.Type, "not a multi op"),
        };
        return new MultiOp(op.Type, request);
    }

    private async Task<string> SendAsync(int slot, OpCode op, Request? request, CancellationToken ct, int? xid = null)
    {
        var connection = _sessions[slot];
        if (connection is null || connection.IsClosed) return "CONNECTION CLOSED before the request";
        try
        {
            var reply = await connection.SendAsync(op, request, xid, ct, ReplyTimeout);
            RememberCreatedPaths(reply);
            return _normalizer.Reply(reply);
        }
        catch (TimeoutException)
        {
            return $"NO REPLY within {ReplyTimeout.TotalSeconds:0}s";
        }
        catch (RawConnectionClosedException e)
        {
            return $"CONNECTION CLOSED ({e.Message})";
        }
    }

    private void RememberCreatedPaths(RawReply reply)
    {
        if (reply.Err != ErrorCode.Ok) return;
        switch (reply.Body)
        {
            case CreateResponse r: _createdPaths.Add(r.Path); break;
            case Create2Response r: _createdPaths.Add(r.Path); break;
            case MultiResponse m:
                foreach (var result in m.Results)
                {
                    if (result.Body is CreateResponse c) _createdPaths.Add(c.Path);
                    else if (result.Body is Create2Response c2) _createdPaths.Add(c2.Path);
                }
                break;
        }
    }

    private string Resolve(string path)
    {
        if (!path.StartsWith('@')) return path;
        if (_createdPaths.Count == 0) return ScenarioGenerator.Root;
        return _createdPaths[int.Parse(path.AsSpan(1)) % _createdPaths.Count];
    }

    private static IReadOnlyList<Acl> AclFor(AclKind kind) => kind switch
    {
        AclKind.OpenUnsafe => Acl.OpenAclUnsafe,
        AclKind.ReadOnlyWorld => Acl.ReadAclUnsafe,
        AclKind.DigestUser1 => [DigestAcls.All("user1")],
        AclKind.DigestUser2PlusWorldRead => [DigestAcls.All("user2"), new Acl(Perms.Read, Id.Anyone)],
        AclKind.CreatorAll => Acl.CreatorAllAcl,
        AclKind.InvalidDigestWithoutColon => [new Acl(Perms.All, new Id("digest", "nocolon"))],
        AclKind.UnknownScheme => [new Acl(Perms.All, new Id("nosuchscheme", "x"))],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown ACL kind"),
    };

    private async Task<string> OpenSlotAsync(int slot, CancellationToken ct)
    {
        var connection = await RawZkConnection.ConnectAsync(port, SessionTimeoutMs, readOnly: false, ct);
        _sessions[slot] = connection;
        var ordinal = _nextOrdinal++;
        _normalizer.RegisterSession(connection.SessionId, ordinal);
        return $"s{slot}=session{ordinal} {_normalizer.Connect(connection.Session!)}";
    }

    private async Task<string> CloseAndReopenAsync(int slot, CancellationToken ct)
    {
        var outcome = await SendAsync(slot, OpCode.CloseSession, null, ct);
        var connection = _sessions[slot]!;
        var closed = await connection.WaitForCloseAsync(ReplyTimeout, ct);
        // A session watching its own ephemerals is told of their deletion before the close; the order is HashSet order.
        var leftovers = _normalizer.Events(SortedEvents(connection.DrainEvents()));
        await connection.DisposeAsync();
        return $"{outcome} connectionClosed={closed} lateEvents=[{leftovers}]; reopened {await OpenSlotAsync(slot, ct)}";
    }

    private async Task<string> ExpireAsync(ExpireSessionStep step, CancellationToken ct)
    {
        await using var temp = await RawZkConnection.ConnectAsync(port, ExpiringSessionTimeoutMs, readOnly: false, ct);
        var ordinal = _nextOrdinal++;
        _normalizer.RegisterSession(temp.SessionId, ordinal);
        var outcome = new StringBuilder($"session{ordinal} {_normalizer.Connect(temp.Session!)}");
        foreach (var path in step.EphemeralPaths)
        {
            var reply = await temp.SendAsync(OpCode.Create, new CreateRequest(Resolve(path), [], Acl.OpenAclUnsafe, (int)CreateMode.Ephemeral), ct: ct, timeout: ReplyTimeout);
            RememberCreatedPaths(reply);
            outcome.Append("; ").Append(_normalizer.Reply(reply));
        }
        // The server expires the silent session and closes its connection after the closeSession txn is applied.
        var expired = await temp.WaitForCloseAsync(ExpiryTimeout, ct);
        outcome.Append($"; expiredAndClosed={expired} eventsToExpiredSession=[{_normalizer.Events(temp.DrainEvents())}]");
        return outcome.ToString();
    }

    private async Task<string> BarrierAsync(bool sortEvents, CancellationToken ct)
    {
        var text = new StringBuilder();
        for (var slot = 0; slot < _sessions.Length; slot++)
        {
            var connection = _sessions[slot];
            if (connection is null || connection.IsClosed) continue;
            try
            {
                await connection.PingAsync(ct).WaitAsync(ReplyTimeout, ct);
            }
            catch (Exception e) when (e is TimeoutException or RawConnectionClosedException)
            {
                text.Append($"s{slot}: ping failed ({e.GetType().Name}) ");
            }
            var events = connection.DrainEvents();
            // Which of a closed session's ephemerals goes first is HashSet order in ZooKeeper: compare them as a set.
            var rendered = _normalizer.Events(sortEvents ? SortedEvents(events) : events);
            if (rendered.Length > 0) text.Append($"s{slot}: {rendered} ");
        }
        return text.ToString().TrimEnd();
    }

    private static IEnumerable<WatcherEvent> SortedEvents(IEnumerable<WatcherEvent> events) =>
        events.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Type);

    private async Task<IReadOnlyList<string>> CaptureTreeAsync(CancellationToken ct)
    {
        // A fresh session sees the tree with no auth, as anyone would.
        await using var observer = await RawZkConnection.ConnectAsync(port, SessionTimeoutMs, readOnly: false, ct);
        _normalizer.RegisterSession(observer.SessionId, _nextOrdinal++);
        return await TreeSnapshot.CaptureAsync(observer, ScenarioGenerator.Root, node => _normalizer.Body(node), ct);
    }
}
