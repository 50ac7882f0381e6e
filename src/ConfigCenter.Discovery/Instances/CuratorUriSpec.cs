using System.Globalization;
using System.Text;

namespace ConfigCenter.Discovery;

/// <summary>
/// Curator's UriSpec: a template such as "{scheme}://{address}:{port}" stored as a list of literal and
/// variable parts, and built the way Curator's <c>UriSpec.build(instance)</c> does (an unknown or null
/// variable becomes empty; "scheme" is "https" when the instance has an sslPort).
/// </summary>
internal sealed class CuratorUriSpec
{
    /// <summary>Spring Cloud Zookeeper's default, <c>ZookeeperDiscoveryProperties.DEFAULT_URI_SPEC</c>.</summary>
    public const string DefaultTemplate = "{scheme}://{address}:{port}";

    /// <summary>For TLS-only instances: Curator's "port" variable would be empty there.</summary>
    public const string SecureTemplate = "{scheme}://{address}:{ssl-port}";

    private CuratorUriSpec(IReadOnlyList<Part> parts) => Parts = parts;

    public IReadOnlyList<Part> Parts { get; }

    public static CuratorUriSpec Parse(string template)
    {
        var parts = new List<Part>();
        var inVariable = false;
        var token = new StringBuilder();
        foreach (var c in template)
        {
            if (c == '{' && !inVariable || c == '}' && inVariable)
            {
                if (token.Length > 0) parts.Add(new Part(inVariable ? token.ToString().Trim() : token.ToString(), inVariable));
                token.Clear();
                inVariable = c == '{';
            }
            else
            {
                token.Append(c);
            }
        }
        if (inVariable) throw new FormatException($"The uriSpec \"{template}\" leaves a variable open.");
        if (token.Length > 0) parts.Add(new Part(token.ToString(), false));
        return new CuratorUriSpec(parts);
    }

    public static CuratorUriSpec FromParts(IReadOnlyList<Part> parts) => new(parts);

    /// <summary>The template text again: variables in braces.</summary>
    public string ToTemplate() => string.Concat(Parts.Select(p => p.IsVariable ? "{" + p.Value + "}" : p.Value));

    public string Build(ZkServiceInstance instance)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            text.Append(part.IsVariable ? Variable(part.Value, instance) : part.Value);
        }
        return text.ToString();
    }

    private static string Variable(string name, ZkServiceInstance instance) => name switch
    {
        "scheme" => instance.IsSecure ? "https" : "http",
        "name" => instance.ServiceId,
        "id" => instance.InstanceId,
        "address" => instance.Host,
        "port" => instance.HttpPort?.ToString(CultureInfo.InvariantCulture) ?? "",
        "ssl-port" => instance.HttpsPort?.ToString(CultureInfo.InvariantCulture) ?? "",
        "registration-time-utc" => instance.RegistrationTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        "service-type" => "dynamic",
        "[" => "{",
        "]" => "}",
        _ => "",
    };

    /// <summary>One token: a literal, or the name of a variable.</summary>
    public sealed record Part(string Value, bool IsVariable);
}
