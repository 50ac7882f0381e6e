using ConfigCenter.Client.Connection;

namespace ConfigCenter.Client.Tests.Connection;

public sealed class ConnectStringTests
{
    [Theory]
    [InlineData("h1:2181,h2:2182/app/x", "h1:2181,h2:2182", "/app/x")]
    [InlineData("h1", "h1:2181", null)]
    [InlineData("[::1]:2185,10.0.0.1", "[::1]:2185,10.0.0.1:2181", null)]
    [InlineData("h1:1/", "h1:1", null)]
    public void Hosts_and_chroot_are_parsed_as_ZooKeeper_does(string text, string hosts, string? chroot)
    {
        var parsed = ConnectString.Parse(text);

        Assert.Equal(hosts, string.Join(",", parsed.Hosts));
        Assert.Equal(chroot, parsed.Chroot);
    }

    [Fact]
    public void The_chroot_maps_paths_both_ways()
    {
        var chroot = new ChrootPath("/app");

        Assert.Equal("/app", chroot.ToServer("/"));
        Assert.Equal("/app/x", chroot.ToServer("/x"));
        Assert.Equal("/", chroot.ToClient("/app"));
        Assert.Equal("/x", chroot.ToClient("/app/x"));
        Assert.False(chroot.Contains("/apple"));
        Assert.Equal("/apple", chroot.ToClient("/apple"));
    }
}
