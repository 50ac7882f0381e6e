using ConfigCenter.Storage.Quorum;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class EpochFilesTests
{
    [Fact]
    public void Missing_files_read_as_zero()
    {
        using var dir = new TestDirectory();
        Assert.Equal((0, 0), EpochFiles.Read(dir.DataDir));
    }

    [Fact]
    public void Written_epochs_read_back_as_decimal_files_like_zookeepers()
    {
        using var dir = new TestDirectory();
        EpochFiles.Write(dir.DataDir, 5, 4);

        Assert.Equal((5, 4), EpochFiles.Read(dir.DataDir));
        Assert.Equal("5", File.ReadAllText(Path.Combine(dir.DataDir, "acceptedEpoch")));
        Assert.Equal("4", File.ReadAllText(Path.Combine(dir.DataDir, "currentEpoch")));
        Assert.Equal(["acceptedEpoch", "currentEpoch"], Directory.GetFiles(dir.DataDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Only_a_changed_file_is_rewritten_and_each_rewrite_is_synced_with_its_directory()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();
        // A missing file is written even for 0, so the state on disk is explicit.
        EpochFiles.Write(dir.DataDir, 1, 0, fs);
        Assert.Equal((2, 2), (fs.FileSyncs, fs.DirectorySyncs));

        EpochFiles.Write(dir.DataDir, 2, 0, fs);
        Assert.Equal((3, 3), (fs.FileSyncs, fs.DirectorySyncs));

        EpochFiles.Write(dir.DataDir, 2, 2, fs);
        Assert.Equal((4, 4), (fs.FileSyncs, fs.DirectorySyncs));

        EpochFiles.Write(dir.DataDir, 2, 2, fs);
        Assert.Equal((4, 4), (fs.FileSyncs, fs.DirectorySyncs));
        Assert.Equal((2, 2), EpochFiles.Read(dir.DataDir));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("12 34")]
    [InlineData("99999999999999999999")]
    public void A_file_that_is_not_a_number_is_refused_naming_the_file(string content)
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.DataDir);
        var path = Path.Combine(dir.DataDir, "currentEpoch");
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidDataException>(() => EpochFiles.Read(dir.DataDir));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Whitespace_around_the_number_is_accepted()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.DataDir);
        File.WriteAllText(Path.Combine(dir.DataDir, "acceptedEpoch"), " 7\n");
        Assert.Equal((7, 0), EpochFiles.Read(dir.DataDir));
    }

    [Fact]
    public void An_unreadable_file_is_replaced_by_a_write()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.DataDir);
        File.WriteAllText(Path.Combine(dir.DataDir, "acceptedEpoch"), "garbage");
        EpochFiles.Write(dir.DataDir, 3, 3);
        Assert.Equal((3, 3), EpochFiles.Read(dir.DataDir));
    }

    [Fact]
    public void A_current_epoch_above_the_accepted_one_or_an_epoch_going_back_is_refused()
    {
        using var dir = new TestDirectory();
        Assert.Throws<ArgumentException>(() => EpochFiles.Write(dir.DataDir, 3, 4));
        EpochFiles.Write(dir.DataDir, 5, 5);

        Assert.Throws<InvalidOperationException>(() => EpochFiles.Write(dir.DataDir, 4, 4));
        Assert.Throws<InvalidOperationException>(() => EpochFiles.Write(dir.DataDir, 6, 4));
        Assert.Equal((5, 5), EpochFiles.Read(dir.DataDir)); // a refused write changes neither file
    }
}
