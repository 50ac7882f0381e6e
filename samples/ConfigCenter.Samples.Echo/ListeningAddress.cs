using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ConfigCenter.Samples.Echo;

/// <summary>Where Kestrel actually listens, for the registration's address and port.</summary>
public static class ListeningAddress
{
    public static Uri? FromServer(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // Prefer plain HTTP when both are bound: the demo and tests call http://.
        return addresses.Select(address => new Uri(address)).OrderBy(uri => uri.Scheme == "https").FirstOrDefault();
    }
}
