using System.Text;
using ConfigCenter.Storage.Checksums;

namespace ConfigCenter.Storage.Tests;

public class Crc32CTests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xC1D04330u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x22620404u)]
    public void Matches_the_published_check_values(string text, uint expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32C.Compute(bytes));
        Assert.Equal(expected, Crc32C.AppendWithTable(0, bytes));
    }

    [Fact]
    public void Thirty_two_zero_bytes_hash_as_RFC_3720_says()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }

    [Fact]
    public void Hardware_and_table_paths_agree_and_can_be_continued_at_any_split()
    {
        var data = new byte[1027];
        new Random(7).NextBytes(data);
        var whole = Crc32C.Compute(data);
        Assert.Equal(whole, Crc32C.AppendWithTable(0, data));
        foreach (var split in new[] { 0, 1, 3, 7, 8, 9, 500, 1026, 1027 })
        {
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
            Assert.Equal(whole, Crc32C.AppendWithTable(Crc32C.AppendWithTable(0, data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}
