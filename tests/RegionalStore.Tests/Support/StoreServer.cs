using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegionalStore.Storage;

namespace RegionalStore.Tests.Support;

/// <summary>The real store on loopback Kestrel (dynamic port) with its own temporary SQLite file.</summary>
public sealed class StoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _directory;

    private StoreServer(WebApplication app, DirectoryInfo directory, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public WebApplication App => _app;

    public static async Task<StoreServer> StartAsync(bool seed = false, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("regional-store-tests-");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory.FullName });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RegionalStore:DatabasePath"] = "db/store.db",
            ["RegionalStore:Seed"] = seed ? "true" : "false",
            ["RegionalStore:FaultSeed"] = "1234",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        builder.AddRegionalStore();
        var app = builder.Build();
        app.MapRegionalStore();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        return new StoreServer(app, directory, new Uri(address));
    }

    public async Task<StoreStats> StatsAsync() =>
        (await Client.GetFromJsonAsync<StoreStats>("/admin/stats"))!;

    public async Task SetFaultsAsync(object faults)
    {
        using var response = await Client.PostAsJsonAsync("/admin/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Pooled connections keep the file open.
        SqliteConnection.ClearAllPools();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
