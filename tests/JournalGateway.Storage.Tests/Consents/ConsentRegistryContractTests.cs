using System.Data.Common;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Tests.Support;
using static JournalGateway.Storage.Tests.Support.TestAccess;

namespace JournalGateway.Storage.Tests.Consents;

/// <summary>What every <see cref="IConsentRegistry"/> engine must do; each engine runs these through a subclass.</summary>
public abstract class ConsentRegistryContractTests : IAsyncLifetime
{
    private AccessStoreHarness? _harness;

    /// <summary>A fresh database with the schema applied; skips (or fails, where required) when the engine is absent.</summary>
    protected abstract Task<AccessStoreHarness> CreateHarnessAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    private async Task<AccessStoreHarness> StartAsync() => _harness = await CreateHarnessAsync();

    [SkippableFact]
    public async Task AddAsync_EachKindOfDirective_GetReturnsItUnchanged()
    {
        var registry = (await StartAsync()).Consents;
        ConsentDirective[] directives =
        [
            Consent(recordedAt: new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1)).AddTicks(7)),
            Block(),
            Lift(),
            Consent() with { Validity = TimePeriod.Always, RecordedBy = null },
        ];

        foreach (var directive in directives)
        {
            Assert.True(await registry.AddAsync(directive, default));
        }

        foreach (var directive in directives)
        {
            var stored = await registry.GetAsync(directive.Id, default);
            Assert.Equal(directive, stored);
            Assert.Equal(directive.RecordedAt.Offset, stored!.RecordedAt.Offset);
        }

        Assert.Null(await registry.GetAsync("unknown", default));
    }

    [SkippableFact]
    public async Task AddAsync_DuplicateId_ReturnsFalseAndKeepsTheOriginal()
    {
        var registry = (await StartAsync()).Consents;
        var original = Consent();
        await registry.AddAsync(original, default);

        var added = await registry.AddAsync(Block() with { Id = original.Id, RecordedAt = T0.AddDays(1) }, default);

        Assert.False(added);
        Assert.Equal(original, await registry.GetAsync(original.Id, default));
        Assert.Single(await registry.ForPatientAsync(PatientA, default));
    }

    [SkippableFact]
    public async Task AddAsync_TenConcurrentCallsWithOneId_StoreExactlyOne()
    {
        var registry = (await StartAsync()).Consents;
        var id = $"consent-{Guid.NewGuid():N}";

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => registry.AddAsync(Consent(id: id, recordedAt: T0.AddMinutes(i)), default))));

        Assert.Single(results, r => r);
        Assert.Single(await registry.ForPatientAsync(PatientA, default));
    }

    [SkippableFact]
    public async Task ForPatientAsync_MixedPatients_ReturnsThatPatientsDirectivesOldestFirstInAnyStatus()
    {
        var registry = (await StartAsync()).Consents;
        var newest = Lift(recordedAt: T0.AddDays(2));
        var oldest = Block(recordedAt: T0.AddDays(-3));
        var middle = Consent(recordedAt: T0) with { Status = ConsentStatus.Inactive };
        var sameTimeLater = Consent(recordedAt: T0);
        // The same digits under another identifier kind are another patient.
        var samordning = Consent(patient: new PatientIdentifier(PatientIdentifierKind.Samordningsnummer, PatientA.Value));
        foreach (var directive in new ConsentDirective[] { newest, Consent(patient: PatientB), oldest, middle, samordning, sameTimeLater })
        {
            await registry.AddAsync(directive, default);
        }

        var found = await registry.ForPatientAsync(PatientA, default);

        Assert.Equal([oldest.Id, middle.Id, sameTimeLater.Id, newest.Id], found.Select(d => d.Id));
        Assert.Equal(middle, found[1]);
        Assert.Empty(await registry.ForPatientAsync(new PatientIdentifier(PatientIdentifierKind.Personnummer, "191212121212"), default));
    }

    [SkippableFact]
    public async Task SetStatusAsync_KnownId_ReturnsTheUpdatedDirectiveAndStoresIt()
    {
        var registry = (await StartAsync()).Consents;
        var lift = Lift();
        await registry.AddAsync(lift, default);

        var updated = await registry.SetStatusAsync(lift.Id, ConsentStatus.Inactive, default);

        Assert.Equal(lift with { Status = ConsentStatus.Inactive }, updated);
        Assert.Equal(updated, await registry.GetAsync(lift.Id, default));
        Assert.Equal(updated, Assert.Single(await registry.ForPatientAsync(PatientA, default)));
        Assert.False(updated!.IsInForce(T0.AddHours(1)));
        Assert.Equal(lift, await registry.SetStatusAsync(lift.Id, ConsentStatus.Active, default));
    }

    [SkippableFact]
    public async Task SetStatusAsync_UnknownId_ReturnsNull()
    {
        var registry = (await StartAsync()).Consents;

        Assert.Null(await registry.SetStatusAsync("unknown", ConsentStatus.Inactive, default));
    }

    [SkippableFact]
    public async Task RawDelete_IsRefusedByTheDatabase()
    {
        var harness = await StartAsync();
        var consent = Consent();
        await harness.Consents.AddAsync(consent, default);

        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("DELETE FROM consents"));

        Assert.Equal(consent, await harness.Consents.GetAsync(consent.Id, default));
    }
}
