using System.Text;

namespace ConfigCenter.Configuration.Mapping;

/// <summary>
/// Turns a znode's bytes into configuration entries under the node's key: empty data gives nothing
/// (the node is only a folder), data whose first non-blank character is '{' or '[' is JSON flattened
/// under the key, anything else is one UTF-8 string value. Invalid UTF-8 or invalid JSON is an error.
/// </summary>
public static class NodeValueParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses the data of the node whose configuration key is <paramref name="key"/> ("" for the root).</summary>
    public static NodeValue Parse(string key, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return NodeValue.Empty;
        string text;
        try
        {
            text = StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return NodeValue.Failed("the data is not valid UTF-8");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];

        if (JsonConfigurationFlattener.LooksLikeJson(text))
        {
            try
            {
                return new NodeValue(JsonConfigurationFlattener.Flatten(text, key), null);
            }
            catch (FormatException exception)
            {
                return NodeValue.Failed(exception.Message);
            }
        }

        // The root has no key of its own: only a JSON document can give it values.
        return key.Length == 0
            ? NodeValue.Failed("the root's data must be a JSON object or array to give values (a plain string has no key)")
            : new NodeValue([new(key, text)], null);
    }
}
