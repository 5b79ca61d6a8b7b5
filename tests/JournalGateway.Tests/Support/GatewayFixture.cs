namespace JournalGateway.Tests.Support;

/// <summary>One regional store and one gateway, shared by the tests of a class; each test uses its own identifiers.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public RegionalStoreServer Store { get; private set; } = null!;

    public GatewayFactory Factory { get; private set; } = null!;

    public GatewayClient Client { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Overrides => null;

    protected virtual Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services => null;

    public async Task InitializeAsync()
    {
        Store = await RegionalStoreServer.StartAsync();
        Factory = new GatewayFactory(Store.Address, Overrides, Services);
        Client = new GatewayClient(Factory.CreateClient());
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Store.DisposeAsync();
    }

    public Task<string> NurseTokenAsync(string scope = TestIdentities.WriteAndReadNotes) =>
        Client.TokenAsync(TestIdentities.VasterasNurse, scope);
}
