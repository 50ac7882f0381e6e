using System.Text;
using System.Text.Json;

namespace ConfigCenter.Discovery.Tests.Instances;

/// <summary>The znode format: Curator's ServiceInstance JSON with Spring's ZookeeperInstance payload.</summary>
public sealed class CuratorFormatTests
{
    private static readonly DateTimeOffset GoldenTime = DateTimeOffset.FromUnixTimeMilliseconds(1645081869763);

    [Fact]
    public void Serialize_writes_exactly_Curator_compat_json_with_the_Spring_payload()
    {
        var instance = new ZkServiceInstance(
            "orders", "ef010ed8-4b29-4a6f-aaad-f65d463c733b", "10.0.0.12", 8080, null,
            new Dictionary<string, string?> { [MetadataKeys.InstanceStatus] = "UP" }, GoldenTime, "{scheme}://{address}:{port}");

        Assert.Equal(GoldenSamples.OursOrders, Encoding.UTF8.GetString(CuratorInstanceSerializer.Serialize(instance)));
    }

    [Fact]
    public void The_Spring_golden_sample_reads_as_an_UP_instance()
    {
        var instance = CuratorInstanceSerializer.Deserialize(Encoding.UTF8.GetBytes(GoldenSamples.SpringOrders));

        Assert.Equal("orders", instance.ServiceId);
        Assert.Equal("ef010ed8-4b29-4a6f-aaad-f65d463c733b", instance.InstanceId);
        Assert.Equal("10.0.0.12", instance.Host);
        Assert.Equal(8080, instance.Port);
        Assert.False(instance.IsSecure);
        Assert.Equal(new Uri("http://10.0.0.12:8080"), instance.Uri);
        Assert.Equal(InstanceStatus.Up, instance.Status);
        Assert.Equal("UP", instance.Metadata[MetadataKeys.InstanceStatus]);
        Assert.Equal(GoldenTime, instance.RegistrationTime);
        Assert.Equal(1, instance.Weight);
        Assert.Null(instance.Zone);
    }

    [Fact]
    public void Round_trip_keeps_every_field_and_writes_the_same_bytes_again()
    {
        var original = new ZkServiceInstance(
            "payments", "p-1", "10.1.2.3", 8080, null,
            new Dictionary<string, string?>
            {
                [MetadataKeys.InstanceStatus] = "OUT_OF_SERVICE",
                [MetadataKeys.Zone] = "eu-1a",
                [MetadataKeys.Weight] = "5",
                ["version"] = "2.3.1",
                ["note"] = "ünïcode & <html>",
            },
            GoldenTime,
            "{scheme}://{address}:{port}");

        var bytes = CuratorInstanceSerializer.Serialize(original);
        var read = CuratorInstanceSerializer.Deserialize(bytes);

        Assert.True(original.HasSameContent(read));
        Assert.Equal(InstanceStatus.OutOfService, read.Status);
        Assert.Equal("eu-1a", read.Zone);
        Assert.Equal(5, read.Weight);
        Assert.Equal("ünïcode & <html>", read.Metadata["note"]);
        Assert.Equal(bytes, CuratorInstanceSerializer.Serialize(read));
        // Jackson leaves these characters unescaped; so do we.
        Assert.Contains("ünïcode & <html>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_values_are_strings_as_Spring_expects()
    {
        var instance = new ZkServiceInstance("s", "i", "h", 1, null, new Dictionary<string, string?> { [MetadataKeys.Weight] = "3" });
        using var json = JsonDocument.Parse(CuratorInstanceSerializer.Serialize(instance));
        var metadata = json.RootElement.GetProperty("payload").GetProperty("metadata");
        Assert.Equal(JsonValueKind.String, metadata.GetProperty("weight").ValueKind);
        Assert.Equal(CuratorInstanceSerializer.SpringPayloadClass, json.RootElement.GetProperty("payload").GetProperty("@class").GetString());
    }

    [Fact]
    public void A_TLS_only_instance_uses_sslPort_and_a_uriSpec_that_names_it()
    {
        var instance = new ZkServiceInstance("s", "i", "secure.host", null, 8443, registrationTime: GoldenTime);
        var json = Encoding.UTF8.GetString(CuratorInstanceSerializer.Serialize(instance));

        Assert.Contains("\"port\":null,\"sslPort\":8443", json, StringComparison.Ordinal);
        Assert.Contains("{\"value\":\"ssl-port\",\"variable\":true}", json, StringComparison.Ordinal);
        var read = CuratorInstanceSerializer.Deserialize(Encoding.UTF8.GetBytes(json));
        Assert.True(read.IsSecure);
        Assert.Equal(8443, read.Port);
        Assert.Equal(new Uri("https://secure.host:8443"), read.Uri);
    }

    [Fact]
    public void Unknown_fields_foreign_payloads_and_enabled_false_are_tolerated()
    {
        var instance = CuratorInstanceSerializer.Deserialize(Encoding.UTF8.GetBytes(GoldenSamples.CuratorNonCompatDisabled));

        Assert.Equal("billing", instance.ServiceId);
        Assert.True(instance.IsSecure);
        Assert.Equal(new Uri("https://billing.internal:8443"), instance.Uri);
        Assert.Empty(instance.Metadata);
        Assert.False(instance.IsEnabled);
        Assert.Equal(InstanceStatus.OutOfService, instance.Status);
        Assert.False(instance.IsRoutable);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"name":"a","id":"b","address":"c"}""")]
    [InlineData("""{"name":"a","address":"c","port":1}""")]
    [InlineData("""{"name":"a","id":"b","address":"c","port":"x"}""")]
    public void Malformed_data_is_rejected(string data)
    {
        Assert.Throws<FormatException>(() => CuratorInstanceSerializer.Deserialize(Encoding.UTF8.GetBytes(data)));
        Assert.False(CuratorInstanceSerializer.TryDeserialize(Encoding.UTF8.GetBytes(data), out _));
    }

    [Theory]
    [InlineData("{scheme}://{address}:{port}/api/{name}", "http://10.0.0.1:80/api/svc")]
    [InlineData("{scheme}://{address}:{port}/{[}x{]}", "http://10.0.0.1:80/{x}")]
    public void UriSpec_builds_as_Curator_does(string template, string expected)
    {
        var instance = new ZkServiceInstance("svc", "id", "10.0.0.1", 80, null, uriSpec: template);
        Assert.Equal(new Uri(expected), instance.Uri);
    }

    [Theory]
    [InlineData(null, InstanceStatus.Up)]
    [InlineData("UP", InstanceStatus.Up)]
    [InlineData("out_of_service", InstanceStatus.OutOfService)]
    [InlineData("DOWN", InstanceStatus.Down)]
    [InlineData("STARTING", InstanceStatus.Unknown)]
    public void Status_strings_map_as_Spring_uses_them(string? name, InstanceStatus expected) =>
        Assert.Equal(expected, InstanceStatusNames.Parse(name));
}
