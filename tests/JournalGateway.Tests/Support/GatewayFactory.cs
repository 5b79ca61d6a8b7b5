using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JournalGateway.Tests.Support;

/// <summary>
/// The real gateway host (Program) in Development, on a temporary SQLite file, pointed at a regional store.
/// Settings go in with UseSetting so that they are visible while Program composes the host.
/// The type argument only names the gateway's assembly (both apps have a Program class).
/// </summary>
public sealed class GatewayFactory(
    Uri regionalStore,
    IReadOnlyDictionary<string, string?>? overrides = null,
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    : WebApplicationFactory<JournalGateway.Fhir.FhirSerialization>
{
    /// <summary>Every log event the gateway writes, as a logging provider sees it.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "jg-gateway-" + Guid.NewGuid().ToString("N"));

    public string DataDirectory => _directory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(_directory, "gateway.db"),
            ["RegionalRecord:Cosmic:BaseAddress"] = regionalStore.ToString(),
            ["RegionalRecord:Cosmic:AttemptTimeout"] = "00:00:01",
            ["RegionalRecord:Cosmic:TotalTimeout"] = "00:00:03",
            ["RegionalRecord:Cosmic:RetryBaseDelay"] = "00:00:00.050",
            ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "2",
            ["Delivery:BaseDelay"] = "00:00:00.100",
            ["Delivery:MaxDelay"] = "00:00:00.500",
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:InlineWait"] = "00:00:02",
            ["Authentication:DevIssuer:Enabled"] = "true",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(collection =>
        {
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(collection, Logs);
            services?.Invoke(collection);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
