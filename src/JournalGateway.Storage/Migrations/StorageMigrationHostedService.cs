using Microsoft.Extensions.Hosting;

namespace JournalGateway.Storage.Migrations;

/// <summary>
/// Migrates the schema while the host is starting. The work runs in <see cref="StartingAsync"/>, which the host
/// awaits for every hosted service before any of them (the web server included) starts: nothing is served
/// against an old schema, and a failed migration stops the process.
/// </summary>
internal sealed class StorageMigrationHostedService(IStorageMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
