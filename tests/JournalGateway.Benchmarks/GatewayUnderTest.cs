using System.Net;
using System.Net.Sockets;

namespace JournalGateway.Benchmarks;

/// <summary>
/// The regional store and the gateway as separate processes from their Release builds (<c>dotnet X.dll</c>), on
/// loopback ports, each with a fresh SQLite file in the run's temporary folder, in Development (dev token issuer and
/// the care providers of DESIGN section 10).
/// </summary>
internal sealed class GatewayUnderTest : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private GatewayUnderTest(ChildProcess store, ChildProcess gateway, Uri address, double readySeconds)
    {
        Store = store;
        Gateway = gateway;
        Address = address;
        ReadySeconds = readySeconds;
    }

    public ChildProcess Store { get; }

    public ChildProcess Gateway { get; }

    public Uri Address { get; }

    /// <summary>Seconds from the gateway's process start to its first 200 on /healthz/ready.</summary>
    public double ReadySeconds { get; }

    /// <param name="gatewayEnvironment">Variables for the gateway's process alone, set over the common ones.</param>
    public static async Task<GatewayUnderTest> StartAsync(RepoLayout layout, string runDirectory, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            // No OTLP export from the benchmark machine, whatever the shell has.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        };

        var storeFolder = layout.OutputOf("RegionalStore");
        var storeUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var store = ChildProcess.Start("the regional store", "dotnet",
            [Path.Combine(storeFolder, "RegionalStore.dll"), "--urls", storeUrl.ToString().TrimEnd('/'), "--contentRoot", storeFolder,
             $"--RegionalStore:DatabasePath={Path.Combine(runDirectory, "regional-store.db")}"],
            storeFolder, environment, Path.Combine(runDirectory, "regional-store.log"));
        await store.WaitUntilOkAsync(new Uri(storeUrl, "/healthz"), StartTimeout);

        var gatewayFolder = layout.OutputOf("JournalGateway");
        var gatewayOnly = new Dictionary<string, string>(environment);
        foreach (var (name, value) in gatewayEnvironment)
        {
            gatewayOnly[name] = value;
        }

        var gatewayUrl = new Uri($"http://127.0.0.1:{FreePort()}");
        var gateway = ChildProcess.Start("the gateway", "dotnet",
            [Path.Combine(gatewayFolder, "JournalGateway.dll"), "--urls", gatewayUrl.ToString().TrimEnd('/'), "--contentRoot", gatewayFolder,
             $"--Storage:Sqlite:Path={Path.Combine(runDirectory, "gateway.db")}",
             $"--RegionalRecord:Cosmic:BaseAddress={storeUrl}"],
            gatewayFolder, gatewayOnly, Path.Combine(runDirectory, "gateway.log"));
        var ready = await gateway.WaitUntilOkAsync(new Uri(gatewayUrl, "/healthz/ready"), StartTimeout);
        return new GatewayUnderTest(store, gateway, gatewayUrl, ready);
    }

    public void Dispose()
    {
        Gateway.Dispose();
        Store.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
