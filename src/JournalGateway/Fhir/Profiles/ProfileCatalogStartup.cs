namespace JournalGateway.Fhir.Profiles;

/// <summary>Loads and checks the profile package while the host starts, so a broken package stops it right away.</summary>
internal sealed class ProfileCatalogStartup(ProfileCatalogProvider provider) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await provider.GetAsync().WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
