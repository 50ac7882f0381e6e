using System.Text;
using ConfigCenter.Configuration.Publishing;
using ConfigCenter.Configuration.Tests.Support;
using ConfigCenter.Testing.Servers;
using Microsoft.Extensions.Configuration;

namespace ConfigCenter.Configuration.Tests.Publishing;

/// <summary>Imports are one transaction; every write is version-checked so editors cannot overwrite each other unknowingly.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class PublisherTests(SharedServers servers)
{
    private const string Document = """
        {
          "ConnectionStrings": { "Orders": "Host=db;Database=orders" },
          "Pool": { "MaxSize": 20, "Enabled": true },
          "Hosts": ["a", "b", "c"],
          "Greeting": "héllo"
        }
        """;

    [Theory]
    [BothServerKinds]
    public async Task Import_then_export_round_trips_and_the_provider_reads_the_same_keys(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var publisher = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        var root = ZkTestClients.NewRootPath("import");

        var first = await publisher.ImportJsonAsync(root, Document);
        var exported = await publisher.ExportJsonAsync(root);
        var again = await publisher.ImportJsonAsync(root, exported);

        Assert.Equal(0, first.Deleted);
        Assert.True(again.Unchanged, $"Re-importing the export changed something: {again}");
        Assert.Equal(Flatten(Document), Flatten(exported));
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);
        Assert.Equal(Flatten(Document), app.Root.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToList());
    }

    [Theory]
    [BothServerKinds]
    public async Task Import_replaces_the_whole_root_in_one_step(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var publisher = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        var root = ZkTestClients.NewRootPath("replace");
        await publisher.ImportJsonAsync(root, Document);
        await using var app = ConfigurationUnderTest.Build(server.ConnectString, root);
        var reloadsBefore = app.Reloads;

        var result = await publisher.ImportJsonAsync(root, """{"Pool": {"MaxSize": 50}, "New": "yes"}""");

        await app.WaitForValueAsync("New", "yes");
        Assert.Equal(reloadsBefore + 1, app.Reloads);
        Assert.Equal("50", app["Pool:MaxSize"]);
        Assert.Null(app["ConnectionStrings:Orders"]);
        Assert.Null(app["Hosts:0"]);
        Assert.True(result.Deleted > 0);
    }

    [Theory]
    [BothServerKinds]
    public async Task Set_and_delete_with_a_stale_version_are_conflicts(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var alice = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        await using var bob = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        var root = ZkTestClients.NewRootPath("versions");
        var version = await alice.SetAsync(root, "Pool:MaxSize", "10");
        var read = await bob.GetAsync(root, "Pool:MaxSize");
        Assert.Equal(("10", version), (read!.Value, read.Version));

        var aliceVersion = await alice.SetAsync(root, "Pool:MaxSize", "20", expectedVersion: version);
        var conflict = await Assert.ThrowsAsync<ConfigVersionConflictException>(() => bob.SetAsync(root, "Pool:MaxSize", "30", expectedVersion: read.Version));
        Assert.Equal((read.Version, aliceVersion), (conflict.ExpectedVersion, conflict.ActualVersion));
        await Assert.ThrowsAsync<ConfigVersionConflictException>(() => bob.DeleteAsync(root, "Pool:MaxSize", expectedVersion: read.Version));
        await Assert.ThrowsAsync<ConfigVersionConflictException>(() => bob.SetAsync(root, "Missing", "x", expectedVersion: 0));

        Assert.Equal("20", (await bob.GetAsync(root, "Pool:MaxSize"))!.Value);
        Assert.True(await bob.DeleteAsync(root, "Pool", expectedVersion: 0));
        Assert.Null(await bob.GetAsync(root, "Pool:MaxSize"));
        Assert.False(await bob.DeleteAsync(root, "Pool"));
    }

    [Theory]
    [BothServerKinds]
    public async Task An_import_racing_another_edit_fails_whole_and_writes_nothing(ServerKind kind)
    {
        var server = await servers.GetAsync(kind);
        await using var publisher = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        await using var other = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = server.ConnectString });
        var root = ZkTestClients.NewRootPath("import-race");
        await publisher.ImportJsonAsync(root, """{"Kept": "1", "Edited": "1"}""");
        publisher.BeforeImportCommitForTests = () => other.SetAsync(root, "Kept", "edited-meanwhile");

        await Assert.ThrowsAsync<ConfigVersionConflictException>(() => publisher.ImportJsonAsync(root, """{"Kept": "1", "Edited": "2"}"""));

        Assert.Equal("1", (await other.GetAsync(root, "Edited"))!.Value);
        Assert.Equal("edited-meanwhile", (await other.GetAsync(root, "Kept"))!.Value);
    }

    [Fact]
    public async Task Values_that_would_be_read_back_as_json_are_refused()
    {
        await using var publisher = new ConfigPublisher(new ConfigPublisherOptions { ConnectString = "127.0.0.1:1" });
        await Assert.ThrowsAsync<ArgumentException>(() => publisher.ImportJsonAsync("/r", """{"Text": "[not json"}"""));
        await Assert.ThrowsAsync<ArgumentException>(() => publisher.SetAsync("/r", "Text", "{broken"));
    }

    private static List<KeyValuePair<string, string?>> Flatten(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build()
            .AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToList();
}
