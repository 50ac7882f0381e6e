using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ConfigCenter.Discovery;

/// <summary>Picks an address other machines can reach this one at, as Spring's InetUtils does.</summary>
internal static class LocalAddress
{
    public static string Detect()
    {
        try
        {
            var candidate = NetworkInterface.GetAllNetworkInterfaces()
                .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Select(unicast => unicast.Address)
                .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
            if (candidate is not null) return candidate.ToString();
        }
        catch (NetworkInformationException)
        {
            // No interface list on this platform: fall back to the host name.
        }
        return Dns.GetHostName();
    }

    /// <summary>True for listen addresses that mean "every interface" and so cannot be called.</summary>
    public static bool IsWildcard(string host) =>
        host is "0.0.0.0" or "[::]" or "::" or "+" or "*" || host.Length == 0;
}
