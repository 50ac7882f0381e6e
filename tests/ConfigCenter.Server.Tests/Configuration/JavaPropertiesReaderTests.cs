using ConfigCenter.Server.Configuration;

namespace ConfigCenter.Server.Tests.Configuration;

public class JavaPropertiesReaderTests
{
    private static (string Key, string Value)[] Read(string text) =>
        [.. JavaPropertiesReader.Read(text).Select(entry => (entry.Key, entry.Value))];

    [Fact]
    public void Accepts_equals_colon_and_whitespace_separators()
    {
        var entries = Read("a=1\nb:2\nc 3\nd = 4\ne : 5\nf\t\t6\n");
        Assert.Equal([("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"), ("f", "6")], entries);
    }

    [Fact]
    public void Whitespace_before_the_separator_still_allows_one_separator_character()
    {
        // "key  =  value" and "key = = value": only the first '=' separates.
        Assert.Equal([("key", "value"), ("k", "= v")], Read("key  =  value\nk = = v"));
    }

    [Fact]
    public void Skips_hash_and_bang_comments_and_blank_lines()
    {
        var entries = Read("# comment\n  ! another\n\n   \t\nkey=value # not a comment\n");
        Assert.Equal([("key", "value # not a comment")], entries);
    }

    [Fact]
    public void Keeps_trailing_whitespace_of_values_for_the_caller_to_trim()
    {
        Assert.Equal([("key", "value  ")], Read("   key=value  "));
    }

    [Fact]
    public void Key_without_value_has_empty_value()
    {
        Assert.Equal([("lonely", ""), ("other", "")], Read("lonely\nother=\n"));
    }

    [Fact]
    public void Handles_crlf_cr_and_lf_line_ends()
    {
        Assert.Equal([("a", "1"), ("b", "2"), ("c", "3")], Read("a=1\r\nb=2\rc=3"));
    }

    [Fact]
    public void Backslash_at_end_of_line_continues_and_drops_leading_whitespace_of_the_next_line()
    {
        Assert.Equal([("list", "a,b,c"), ("next", "x")], Read("list=a,\\\n     b,\\\n\tc\nnext=x"));
    }

    [Fact]
    public void Even_number_of_trailing_backslashes_does_not_continue()
    {
        Assert.Equal([("path", "C:\\"), ("next", "x")], Read("path=C:\\\\\nnext=x"));
    }

    [Fact]
    public void Continuation_at_end_of_input_is_dropped()
    {
        Assert.Equal([("a", "1")], Read("a=1\\"));
    }

    [Fact]
    public void Comment_lines_never_continue_but_a_continued_line_may_start_with_hash()
    {
        Assert.Equal([("a", "1"), ("b", "x#y")], Read("# comment \\\na=1\nb=x\\\n#y"));
    }

    [Fact]
    public void Unescapes_keys_and_values()
    {
        var entries = Read("my\\=key\\ name=tab\\there\\u0041\\q\nnew\\:line=a\\nb");
        Assert.Equal([("my=key name", "tab\there" + "Aq"), ("new:line", "a\nb")], entries);
    }

    [Fact]
    public void Malformed_unicode_escape_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<FormatException>(() => JavaPropertiesReader.Read("a=1\nb=\\u12G4"));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Keeps_duplicates_in_file_order_with_line_numbers()
    {
        var entries = JavaPropertiesReader.Read("a=1\n# c\nb=2\na=3");
        Assert.Equal([new PropertyEntry("a", "1", 1), new PropertyEntry("b", "2", 3), new PropertyEntry("a", "3", 4)], entries);
    }
}
