using System.Net;

namespace ConfigCenter.Server.AccessControl;

/// <summary>The ip scheme: every connection carries (ip, its address); an ACL id is an address or address/bits.</summary>
internal static class IpAuthentication
{
    public const string Scheme = "ip";

    public static bool IsValidId(string id) => TryParse(id, out _, out _);

    public static bool Matches(string clientAddress, string aclId)
    {
        if (!TryParse(aclId, out var network, out var bits)) return false;
        if (!IPAddress.TryParse(clientAddress, out var client)) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        var a = network.GetAddressBytes();
        var b = client.GetAddressBytes();
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (b[i] & mask)) return false;
        }
        return true;
    }

    private static bool TryParse(string id, out IPAddress address, out int bits)
    {
        var slash = id.IndexOf('/');
        var host = slash < 0 ? id : id[..slash];
        address = IPAddress.None;
        bits = 0;
        if (!IPAddress.TryParse(host, out var parsed)) return false;
        address = parsed;
        var max = parsed.GetAddressBytes().Length * 8;
        if (slash < 0)
        {
            bits = max;
            return true;
        }
        return int.TryParse(id.AsSpan(slash + 1), out bits) && bits >= 0 && bits <= max;
    }
}
