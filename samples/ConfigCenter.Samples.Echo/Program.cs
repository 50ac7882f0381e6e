// A tiny service that registers itself in the ConfigCenter (or any ZooKeeper) registry and answers with
// its instance id. Run several on different ports:
//   dotnet run --project samples/ConfigCenter.Samples.Echo -- --urls http://127.0.0.1:5101 --Registration:Zone=a
using ConfigCenter.Discovery;
using ConfigCenter.Samples.Echo;

// appsettings.json next to the binary, wherever the process is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services.AddZkDiscovery(options => builder.Configuration.GetSection("Discovery").Bind(options));
builder.Services.AddZkServiceRegistration(options =>
{
    builder.Configuration.GetSection("Registration").Bind(options);
    // Registration happens after Kestrel started, so even --urls http://127.0.0.1:0 registers the real port.
    options.AddressResolver = ListeningAddress.FromServer;
});
builder.Services.Configure<EchoOptions>(builder.Configuration.GetSection("Echo"));
builder.Services.AddSingleton<EchoBehavior>();

var app = builder.Build();
app.MapEchoEndpoints();
app.Run();
