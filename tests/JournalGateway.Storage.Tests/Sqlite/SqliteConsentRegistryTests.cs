using JournalGateway.Storage.Tests.Consents;
using JournalGateway.Storage.Tests.Support;

namespace JournalGateway.Storage.Tests.Sqlite;

/// <summary>The consent registry contract on SQLite, each test on its own temporary file.</summary>
public sealed class SqliteConsentRegistryTests : ConsentRegistryContractTests
{
    protected override async Task<AccessStoreHarness> CreateHarnessAsync() => await SqliteAccessStoreHarness.CreateAsync();
}
