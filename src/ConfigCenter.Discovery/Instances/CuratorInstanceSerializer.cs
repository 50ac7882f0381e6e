using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConfigCenter.Discovery;

/// <summary>
/// Reads and writes a registry znode's data in Apache Curator's ServiceInstance JSON, as Curator's
/// <c>JsonInstanceSerializer</c> writes it in its default compatible mode and as Spring Cloud Zookeeper
/// stores it: fields name, id, address, port, sslPort, payload, registrationTimeUTC, serviceType,
/// uriSpec, in that order; the payload is Spring's <c>ZookeeperInstance</c> (with its <c>@class</c>
/// type tag, without which Java readers fail to cast it) carrying the metadata map.
/// </summary>
public static class CuratorInstanceSerializer
{
    /// <summary>The Java type Spring Cloud Zookeeper's payload deserializes to.</summary>
    public const string SpringPayloadClass = "org.springframework.cloud.zookeeper.discovery.ZookeeperInstance";

    /// <summary>Curator's service type for an ephemeral registration.</summary>
    public const string DynamicServiceType = "DYNAMIC";

    // Jackson leaves non-ASCII and HTML-sensitive characters alone; so do we, to write the same bytes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The znode data for an instance.</summary>
    public static byte[] Serialize(ZkServiceInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("name", instance.ServiceId);
            json.WriteString("id", instance.InstanceId);
            json.WriteString("address", instance.Host);
            WriteNullableNumber(json, "port", instance.HttpPort);
            WriteNullableNumber(json, "sslPort", instance.HttpsPort);
            WritePayload(json, instance);
            json.WriteNumber("registrationTimeUTC", instance.RegistrationTime.ToUnixTimeMilliseconds());
            json.WriteString("serviceType", DynamicServiceType);
            WriteUriSpec(json, instance.UriSpec ?? DefaultUriSpec(instance));
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a znode's data. Unknown fields are ignored (Curator sets FAIL_ON_UNKNOWN_PROPERTIES=false);
    /// a payload that is not Spring's keeps an empty metadata map; <c>enabled</c> is honoured when present.
    /// </summary>
    /// <exception cref="FormatException">Not JSON, or name, id, address or both ports missing.</exception>
    public static ZkServiceInstance Deserialize(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The data is not a Curator ServiceInstance: " + exception.Message, exception);
        }
    }

    /// <summary>Like <see cref="Deserialize"/>, returning false instead of throwing.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> data, out ZkServiceInstance? instance)
    {
        try
        {
            instance = Deserialize(data);
            return true;
        }
        catch (FormatException)
        {
            instance = null;
            return false;
        }
    }

    private static ZkServiceInstance Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("A ServiceInstance is a JSON object.");
        var name = RequiredString(root, "name");
        var id = RequiredString(root, "id");
        var address = RequiredString(root, "address");
        var port = OptionalInt(root, "port");
        var sslPort = OptionalInt(root, "sslPort");
        if (port is null && sslPort is null) throw new FormatException("A ServiceInstance needs a port or an sslPort.");

        var registered = root.TryGetProperty("registrationTimeUTC", out var time) && time.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds(time.GetInt64())
            : DateTimeOffset.UnixEpoch;
        var enabled = !root.TryGetProperty("enabled", out var flag) || flag.ValueKind != JsonValueKind.False;
        return new ZkServiceInstance(name, id, address, port, sslPort, ReadMetadata(root), registered, ReadUriSpec(root), enabled);
    }

    private static Dictionary<string, string?> ReadMetadata(JsonElement root)
    {
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object) return metadata;
        if (!payload.TryGetProperty("metadata", out var map) || map.ValueKind != JsonValueKind.Object) return metadata;
        foreach (var entry in map.EnumerateObject())
        {
            metadata[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Null => null,
                _ => entry.Value.GetRawText(),
            };
        }
        return metadata;
    }

    private static string? ReadUriSpec(JsonElement root)
    {
        if (!root.TryGetProperty("uriSpec", out var spec) || spec.ValueKind != JsonValueKind.Object) return null;
        if (!spec.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array) return null;
        var list = new List<CuratorUriSpec.Part>();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object) continue;
            var value = part.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var variable = part.TryGetProperty("variable", out var isVariable) && isVariable.ValueKind == JsonValueKind.True;
            list.Add(new CuratorUriSpec.Part(value, variable));
        }
        return list.Count == 0 ? null : CuratorUriSpec.FromParts(list).ToTemplate();
    }

    private static void WritePayload(Utf8JsonWriter json, ZkServiceInstance instance)
    {
        json.WriteStartObject("payload");
        json.WriteString("@class", SpringPayloadClass);
        json.WriteString("id", instance.InstanceId);
        json.WriteString("name", instance.ServiceId);
        json.WriteStartObject("metadata");
        // Sorted, so the same instance always gives the same bytes.
        foreach (var (key, value) in instance.Metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            if (value is null) json.WriteNull(key);
            else json.WriteString(key, value);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteUriSpec(Utf8JsonWriter json, string template)
    {
        json.WriteStartObject("uriSpec");
        json.WriteStartArray("parts");
        foreach (var part in CuratorUriSpec.Parse(template).Parts)
        {
            json.WriteStartObject();
            json.WriteString("value", part.Value);
            json.WriteBoolean("variable", part.IsVariable);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string DefaultUriSpec(ZkServiceInstance instance) =>
        instance.HttpPort is null ? CuratorUriSpec.SecureTemplate : CuratorUriSpec.DefaultTemplate;

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"A ServiceInstance needs a non-empty \"{name}\".");

    private static int? OptionalInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            return number;
        throw new FormatException($"\"{name}\" is not a port number.");
    }
}
