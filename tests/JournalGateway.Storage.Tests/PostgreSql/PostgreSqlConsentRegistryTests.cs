using JournalGateway.Storage.Tests.Consents;
using JournalGateway.Storage.Tests.Support;

namespace JournalGateway.Storage.Tests.PostgreSql;

/// <summary>The consent registry contract on PostgreSQL through Testcontainers, each test in its own database.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlConsentRegistryTests(PostgreSqlFixture fixture) : ConsentRegistryContractTests
{
    protected override async Task<AccessStoreHarness> CreateHarnessAsync() => await PostgreSqlAccessStoreHarness.CreateAsync(fixture);
}
