using ConfigCenter.Protocol;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>
/// Feeds fuzz cases to one server over a succession of connections: in-session cases share a
/// connection until the server closes it; handshake cases each get a fresh one.
/// </summary>
public sealed class FuzzWorker(int port, bool toleratesSilentCheck)
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);
    private const int FuzzSessionTimeoutMs = 4000;
    private const int MaxCasesPerConnection = 40;

    public async Task<IReadOnlyList<FuzzVerdict>> RunAsync(IEnumerable<FuzzCase> cases, CancellationToken ct)
    {
        var verdicts = new List<FuzzVerdict>();
        RawZkConnection? session = null;
        var casesOnSession = 0;
        try
        {
            foreach (var fuzzCase in cases)
            {
                if (fuzzCase.BeforeHandshake)
                {
                    await using var fresh = await RawZkConnection.OpenAsync(port, ct);
                    verdicts.Add(await BeforeHandshakeAsync(fresh, fuzzCase, ct));
                    continue;
                }
                if (session is null || session.IsClosed || casesOnSession >= MaxCasesPerConnection)
                {
                    if (session is not null) await EndAsync(session, ct);
                    session = await RawZkConnection.ConnectAsync(port, FuzzSessionTimeoutMs, readOnly: false, ct);
                    casesOnSession = 0;
                }
                casesOnSession++;
                verdicts.Add(await InSessionAsync(session, fuzzCase, ct));
            }
        }
        finally
        {
            if (session is not null) await EndAsync(session, ct);
        }
        return verdicts;
    }

    private static async Task<FuzzVerdict> BeforeHandshakeAsync(RawZkConnection connection, FuzzCase fuzzCase, CancellationToken ct)
    {
        try
        {
            await connection.SendRawAsync(fuzzCase.Bytes, ct);
            if (fuzzCase.ShutdownSendAfter) connection.ShutdownSend();
            var response = await connection.AwaitConnectResponseAsync(AnswerTimeout, ct);
            return response is null
                ? FuzzVerdict.Closed(fuzzCase)
                : FuzzVerdict.Closed(fuzzCase, $"ConnectResponse timeout={response.Timeout} session=0x{response.SessionId:x}");
        }
        catch (RawConnectionClosedException)
        {
            return FuzzVerdict.Closed(fuzzCase, "connection closed while sending");
        }
        catch (TimeoutException)
        {
            return FuzzVerdict.Hang(fuzzCase, AnswerTimeout);
        }
    }

    private async Task<FuzzVerdict> InSessionAsync(RawZkConnection connection, FuzzCase fuzzCase, CancellationToken ct)
    {
        try
        {
            if (fuzzCase.Expectation == FuzzExpectation.Close)
            {
                await connection.SendRawAsync(fuzzCase.Bytes, ct);
                if (fuzzCase.ShutdownSendAfter) connection.ShutdownSend();
                if (await connection.WaitForCloseAsync(AnswerTimeout, ct)) return FuzzVerdict.Closed(fuzzCase);
                await connection.DisposeAsync();
                return FuzzVerdict.Hang(fuzzCase, AnswerTimeout);
            }
            // Ping and auth replies carry their reserved xids whatever the request said, so those wait like unmatched ones.
            if (fuzzCase.Xid is { } xid && fuzzCase.DeclaredType is not (OpCode.Ping or OpCode.Auth))
            {
                var reply = await connection.SendRawRequestAsync(fuzzCase.Bytes, xid, fuzzCase.DeclaredType, ct, AnswerTimeout);
                return FuzzVerdict.ForReply(fuzzCase, reply.Err, reply.ToString());
            }
            // No xid to match on: whatever reply comes next, or the close.
            await connection.SendRawAsync(fuzzCase.Bytes, ct);
            var header = await connection.NextUnmatchedReplyOrCloseAsync(AnswerTimeout, ct);
            return header is { } h ? FuzzVerdict.ForReply(fuzzCase, h.Err, h.ToString()) : FuzzVerdict.Closed(fuzzCase);
        }
        catch (RawConnectionClosedException)
        {
            return FuzzVerdict.Closed(fuzzCase);
        }
        catch (TimeoutException) when (toleratesSilentCheck && fuzzCase.DeclaredType == OpCode.Check)
        {
            // Apache ZooKeeper 3.8.0 never answers a passing standalone check (a NullPointerException
            // while serializing the reply). Drop the connection: its reply stream is now unusable.
            await connection.DisposeAsync();
            return FuzzVerdict.Closed(fuzzCase, "no answer to a standalone check (known Apache ZooKeeper 3.8.0 bug)");
        }
        catch (TimeoutException)
        {
            await connection.DisposeAsync();
            return FuzzVerdict.Hang(fuzzCase, AnswerTimeout);
        }
    }

    // Close the session politely when the connection survived, so fuzz sessions do not pile up.
    private static async Task EndAsync(RawZkConnection connection, CancellationToken ct)
    {
        if (!connection.IsClosed)
        {
            try
            {
                await connection.CloseSessionAsync(ct).WaitAsync(AnswerTimeout, ct);
            }
            catch (Exception e) when (e is RawConnectionClosedException or TimeoutException)
            {
                // The verdicts already captured what matters; a failed goodbye changes nothing.
            }
        }
        await connection.DisposeAsync();
    }
}
