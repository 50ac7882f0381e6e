using ConfigCenter.Configuration;
using ConfigCenter.Samples.Orders.Data;
using ConfigCenter.Samples.Orders.Endpoints;

// The orders service: its database connection string lives in the config center under
// <root>/ConnectionStrings/Orders; publishing a new one moves the service to another database live.
var builder = WebApplication.CreateBuilder(args);
var connect = builder.Configuration["ConfigCenter:Connect"] ?? "127.0.0.1:2181";
var root = builder.Configuration["ConfigCenter:Root"] ?? "/config/orders";
using var startupLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
builder.Configuration.AddZkConfiguration(connect, root, options =>
{
    options.CacheFilePath = builder.Configuration["ConfigCenter:CacheFile"];
    options.LoggerFactory = startupLogging;
});
builder.Services.AddOrdersDatabase(builder.Configuration);

var app = builder.Build();
app.MapOrderEndpoints();
app.Run();
