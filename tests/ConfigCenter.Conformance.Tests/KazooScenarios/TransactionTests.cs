using System.Text.Json;
using ConfigCenter.Conformance.Tests.Support;
using ConfigCenter.Testing.Clients;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Conformance.Tests.KazooScenarios;

public sealed class TransactionTests
{
    [Theory, BothServerKinds]
    public async Task Multi_is_all_or_nothing_and_reports_the_failing_operation(ServerKind kind)
    {
        await using var server = await ZkServers.StartAsync(kind);
        var result = await Kazoo.RunAsync("transactions.py", server.ConnectString);

        var succeeded = result.At("succeeded").EnumerateArray().ToList();
        Assert.Equal(6, succeeded.Count);
        Assert.Equal("/txn/a", succeeded[0].Str("value"));
        Assert.Equal(1, succeeded[1].Stat("stat").Version);
        Assert.True(succeeded[2].At("value").GetBoolean());
        Assert.Equal("/txn/seq-0000000001", succeeded[3].Str("value"));
        Assert.Equal("/txn/b", succeeded[4].Str("value"));
        Assert.True(succeeded[5].At("value").GetBoolean());
        // Every operation of one multi shares a single zxid.
        var afterSuccess = result.At("after_success");
        Assert.Equal("2", afterSuccess.Str("data"));
        Assert.Equal(afterSuccess.Stat("stat").Czxid, afterSuccess.Stat("stat").Mzxid);

        // Operations before the failure read as rolled back (ZOK in the reply), the failing one carries its
        // error and the ones after it RuntimeInconsistency.
        Assert.Equal(["RolledBackError", "RolledBackError", "BadVersionError", "RuntimeInconsistency"], Errors(result.At("failed")));
        Assert.True(result.Bool("never_created"));
        Assert.Equal("2", result.Str("data_unchanged"));

        Assert.Equal(["RolledBackError", "NodeExistsError"], Errors(result.At("conflict")));
        Assert.True(result.Bool("conflict_rolled_back"));
        Assert.Equal(["a", "seq-0000000001"], result.Strings("children"));
    }

    private static List<string> Errors(JsonElement results) =>
        [.. results.EnumerateArray().Select(item => item.Str("error"))];
}
