using System.Text;
using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Records;
using ConfigCenter.Testing.Raw;

namespace ConfigCenter.Conformance.Tests.Fuzz;

/// <summary>
/// An ordinary client that keeps doing create / get / set / delete while the fuzzer runs; every
/// reply must be exactly what a healthy server gives.
/// </summary>
public sealed class WellBehavedClient(int port)
{
    public const string Root = "/wellbehaved";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    public int CompletedRounds { get; private set; }
    public List<string> Failures { get; } = [];

    /// <summary>Runs rounds until stop is cancelled; failures are collected, not thrown, so the fuzz run completes.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await using var connection = await RawZkConnection.ConnectAsync(port, 30_000);
        while (!stop.IsCancellationRequested && Failures.Count == 0)
        {
            var path = $"{Root}/k{CompletedRounds}";
            var data = Encoding.UTF8.GetBytes($"round {CompletedRounds}");
            try
            {
                await Expect(connection, OpCode.Create, new CreateRequest(path, data, Acl.OpenAclUnsafe, 0), $"create {path}");
                var read = await Expect(connection, OpCode.GetData, new GetDataRequest(path, false), $"getData {path}");
                if (!read.BodyAs<GetDataResponse>().Data.AsSpan().SequenceEqual(data)) Failures.Add($"getData {path} returned other data");
                await Expect(connection, OpCode.SetData, new SetDataRequest(path, [1], 0), $"setData {path}");
                await Expect(connection, OpCode.Delete, new DeleteRequest(path, 1), $"delete {path}");
                CompletedRounds++;
            }
            catch (Exception e) when (e is TimeoutException or RawConnectionClosedException or InvalidOperationException)
            {
                Failures.Add($"round {CompletedRounds}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private async Task<RawReply> Expect(RawZkConnection connection, OpCode op, Request request, string what)
    {
        var reply = await connection.SendAsync(op, request, timeout: ReplyTimeout);
        if (reply.Err != ErrorCode.Ok) Failures.Add($"{what}: {reply.Err}");
        return reply;
    }
}
