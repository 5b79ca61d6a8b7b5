using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RegionalStore;

namespace JournalGateway.Tests.Support;

/// <summary>The real Cosmic-like regional store on a loopback socket, with its own temporary SQLite file.</summary>
public sealed class RegionalStoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private RegionalStoreServer(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>A plain client for the store's own API (admin/faults, stats, lists).</summary>
    public HttpClient Client { get; }

    public static async Task<RegionalStoreServer> StartAsync(bool seed = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jg-store-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "RegionalStore",
            EnvironmentName = "Development",
            Args = [$"--RegionalStore:DatabasePath={Path.Combine(directory, "store.db")}", $"--RegionalStore:Seed={seed}"],
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddRegionalStore();
        var app = builder.Build();
        app.MapRegionalStore();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RegionalStoreServer(app, directory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
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
