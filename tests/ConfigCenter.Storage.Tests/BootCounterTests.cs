using ConfigCenter.Storage.Quorum;
using ConfigCenter.Storage.Tests.Support;

namespace ConfigCenter.Storage.Tests;

public class BootCounterTests
{
    [Fact]
    public void Each_start_gets_the_next_number_and_it_is_stored_durably()
    {
        using var dir = new TestDirectory();
        var fs = new FaultyFileSystem();

        Assert.Equal([1, 2, 3], new[] { BootCounter.Next(dir.DataDir, fs), BootCounter.Next(dir.DataDir, fs), BootCounter.Next(dir.DataDir, fs) });

        Assert.Equal("3", File.ReadAllText(Path.Combine(dir.DataDir, "bootCount")));
        Assert.Equal((3, 3), (fs.FileSyncs, fs.DirectorySyncs));
        Assert.Equal(["bootCount"], Directory.GetFiles(dir.DataDir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_count_that_is_not_a_number_is_refused_naming_the_file()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(dir.DataDir);
        var path = Path.Combine(dir.DataDir, "bootCount");
        File.WriteAllText(path, "x1");

        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => BootCounter.Next(dir.DataDir)).Message);
        Assert.Equal("x1", File.ReadAllText(path));
    }
}
