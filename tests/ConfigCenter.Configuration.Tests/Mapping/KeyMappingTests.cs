using ConfigCenter.Configuration.Mapping;
using ConfigCenter.Configuration.Sync;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Configuration.Tests.Mapping;

public sealed class KeyMappingTests
{
    [Theory]
    [InlineData("/config/orders", "/config/orders", "")]
    [InlineData("/config/orders", "/config/orders/ConnectionStrings/Orders", "ConnectionStrings:Orders")]
    [InlineData("/", "/Logging/LogLevel", "Logging:LogLevel")]
    public void Paths_below_the_root_become_colon_separated_keys(string root, string path, string key)
    {
        Assert.Equal(key, ZnodeKeyMapper.ToKey(root, path));
        Assert.Equal(path, ZnodeKeyMapper.ToPath(root, key));
    }

    [Theory]
    [InlineData("/config/orders", "/config/orders", true)]
    [InlineData("/config/orders", "/config/orders/a", true)]
    [InlineData("/config/orders", "/config/orders-old/a", false)]
    [InlineData("/", "/zookeeper/quota", false)]
    [InlineData("/", "/app", true)]
    public void Only_the_root_and_its_descendants_belong(string root, string path, bool below) =>
        Assert.Equal(below, ZnodeKeyMapper.IsUnderRoot(root, path));

    [Theory]
    [InlineData("a::b")]
    [InlineData("a/b")]
    [InlineData("a:..")]
    public void Keys_that_cannot_be_znode_names_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => ZnodeKeyMapper.ToPath("/root", key));

    [Fact]
    public void A_child_znode_wins_over_the_same_key_in_its_ancestors_json_and_keys_ignore_case()
    {
        var mirror = new SubtreeMirror("/r");
        mirror.Set("/r", Node(mirror, "/r", "{\"Db\": {\"Host\": \"json\", \"Port\": \"5432\"}}"));
        mirror.Set("/r/Db", Node(mirror, "/r/Db", "folder value"));
        mirror.Set("/r/Db/host", Node(mirror, "/r/Db/host", "znode"));

        var configuration = mirror.BuildConfiguration();

        Assert.Equal("znode", configuration["DB:HOST"]);
        Assert.Equal("5432", configuration["db:port"]);
        Assert.Equal("folder value", configuration["Db"]);
    }

    private static MirroredNode Node(SubtreeMirror mirror, string path, string data) =>
        new(default(Stat), NodeValueParser.Parse(mirror.KeyOf(path), System.Text.Encoding.UTF8.GetBytes(data)));
}
