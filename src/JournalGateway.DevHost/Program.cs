// The development host: the Cosmic-like regional store on http://localhost:8081 and the gateway on
// http://localhost:8080, each with its SQLite file under ./data, in one process and talking over HTTP only.
using JournalGateway.Hosting;
using RegionalStore;

Environment.SetEnvironmentVariable("ASPNETCORE_ENVIRONMENT",
    Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development");
var storeUrl = Environment.GetEnvironmentVariable("REGIONALSTORE_URLS") ?? "http://localhost:8081";
var dataDirectory = Path.GetFullPath("data");

var store = WebApplication.CreateBuilder(new WebApplicationOptions
{
    ApplicationName = "RegionalStore",
    Args = [$"--RegionalStore:DatabasePath={Path.Combine(dataDirectory, "regional-store.db")}"],
});
store.WebHost.UseUrls(storeUrl);
store.AddRegionalStore();
var storeApp = store.Build();
storeApp.MapRegionalStore();
await storeApp.StartAsync();

// The gateway runs its own Program unchanged, so what is tried here is what runs in production. Its settings
// (appsettings*.json) are copied beside this host, hence the content root.
var gatewayEntryPoint = typeof(GatewayHosting).Assembly.EntryPoint
    ?? throw new InvalidOperationException("The gateway assembly has no entry point.");
// Defaults first, so that the developer's own arguments win.
string[] gatewayArgs =
[
    "--contentRoot", AppContext.BaseDirectory,
    $"--Storage:Sqlite:Path={Path.Combine(dataDirectory, "gateway.db")}",
    $"--RegionalRecord:Cosmic:BaseAddress={storeUrl}",
    .. args,
];
await Task.Run(() => gatewayEntryPoint.Invoke(null, [gatewayArgs]));
await storeApp.StopAsync();
