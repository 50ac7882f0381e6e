using System.Globalization;
using ConfigCenter.Testing.Servers;

namespace ConfigCenter.Client.Recipes.Tests.Support;

/// <summary>The server's own view of the watches, from the wchc four-letter word: session id to watched paths.</summary>
public static class ServerWatches
{
    public static async Task<IReadOnlyDictionary<long, IReadOnlySet<string>>> BySessionAsync(IZkServerUnderTest server)
    {
        var text = await server.FourLetterWordAsync("wchc");
        var result = new Dictionary<long, IReadOnlySet<string>>();
        HashSet<string>? current = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("0x", StringComparison.Ordinal))
            {
                current = [];
                result[long.Parse(line.AsSpan(2).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = current;
            }
            else if (line.StartsWith('\t') && current is not null)
            {
                current.Add(line.Trim());
            }
        }
        return result;
    }
}
