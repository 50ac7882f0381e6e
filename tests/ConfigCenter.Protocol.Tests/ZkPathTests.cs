namespace ConfigCenter.Protocol.Tests;

/// <summary>Expected verdicts were taken from ZooKeeper 3.8's PathUtils.validatePath run on the same strings.</summary>
public sealed class ZkPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/a")]
    [InlineData("/...")]
    [InlineData("/a.b")]
    [InlineData("/.a")]
    [InlineData("/..a")]
    [InlineData("/a..")]
    [InlineData("/a/...")]
    [InlineData("/a\u00a0")]
    [InlineData("/a\uf900")]
    [InlineData("/a ")]
    public void Valid_paths(string path) => Assert.Null(ZkPath.Validate(path));

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("./a")]
    [InlineData("/a/")]
    [InlineData("//")]
    [InlineData("/a//b")]
    [InlineData("/.")]
    [InlineData("/..")]
    [InlineData("/a/./b")]
    [InlineData("/a/../b")]
    [InlineData("/a/.")]
    [InlineData("/a/..")]
    [InlineData("/a/b/..")]
    [InlineData("/a\u0001")]
    [InlineData("/a\u001f")]
    [InlineData("/\u0000")]
    [InlineData("/a\u0000b")]
    [InlineData("/a\u007f")]
    [InlineData("/a\u009f")]
    [InlineData("/a\ud800")]
    [InlineData("/a\uf8ff")]
    [InlineData("/a\ufff0")]
    [InlineData("/a\uffff")]
    public void Invalid_paths(string path) => Assert.NotNull(ZkPath.Validate(path));

    [Fact]
    public void Null_is_invalid() => Assert.NotNull(ZkPath.Validate(null));

    [Theory]
    [InlineData("/a/", true)]
    [InlineData("/", true)]
    [InlineData("", false)]
    [InlineData("/a//", false)]
    public void Sequential_creates_validate_the_path_with_a_suffix(string prefix, bool valid) =>
        Assert.Equal(valid, ZkPath.IsValid(prefix, isSequential: true));

    [Theory]
    [InlineData("/a/b", "/a", "b")]
    [InlineData("/a", "/", "a")]
    public void Parent_and_name(string path, string parent, string name)
    {
        Assert.Equal(parent, ZkPath.Parent(path));
        Assert.Equal(name, ZkPath.Name(path));
        Assert.Equal(path, ZkPath.Combine(parent, name));
    }
}
