using ConfigCenter.Server.Configuration;

namespace ConfigCenter.Server.Tests.Configuration;

public class FourLetterWordsTests
{
    [Fact]
    public void Knows_the_eighteen_commands_of_ZooKeeper_3_8()
    {
        Assert.Equal(
            ["conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr",
             "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs"],
            FourLetterWords.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unset_whitelist_enables_only_srvr()
    {
        Assert.Equal(["srvr"], FourLetterWords.ParseWhitelist(null, readOnlyModeEnabled: false, out var unknown));
        Assert.Empty(unknown);
        Assert.Equal(["srvr"], FourLetterWords.DefaultWhitelist);
    }

    [Fact]
    public void Unset_whitelist_in_read_only_mode_adds_isro()
    {
        Assert.Equal(["isro", "srvr"], FourLetterWords.ParseWhitelist(null, readOnlyModeEnabled: true, out _).Order());
    }

    [Fact]
    public void Empty_whitelist_still_enables_srvr()
    {
        Assert.Equal(["srvr"], FourLetterWords.ParseWhitelist(" , ,", readOnlyModeEnabled: false, out _));
    }

    [Fact]
    public void Star_enables_all_and_padding_around_it_is_ignored()
    {
        Assert.Equal(FourLetterWords.All.Count, FourLetterWords.ParseWhitelist("  *  ", readOnlyModeEnabled: false, out _).Count);
    }

    [Fact]
    public void Names_are_case_sensitive_and_unknown_ones_are_reported()
    {
        var whitelist = FourLetterWords.ParseWhitelist("Ruok,ruok,nope", readOnlyModeEnabled: false, out var unknown);

        Assert.Contains("ruok", whitelist);
        Assert.Equal(["Ruok", "nope"], unknown);
    }
}
