using System.Collections.Concurrent;
using JournalGateway.Core.Delivery;
using JournalGateway.Storage.Tests.Support;
using static JournalGateway.Storage.Tests.Support.TestNotes;

namespace JournalGateway.Storage.Tests.Outbox;

/// <summary>
/// What every <see cref="INoteOutbox"/> engine must do. Each engine runs the same tests through a subclass that
/// supplies a fresh, migrated database per test.
/// </summary>
public abstract class NoteOutboxContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private OutboxHarness? _harness;

    /// <summary>A fresh database with the schema applied; skips (or fails, where required) when the engine is absent.</summary>
    protected abstract Task<OutboxHarness> CreateHarnessAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    private async Task<OutboxHarness> StartAsync() => _harness = await CreateHarnessAsync();

    [SkippableFact]
    public async Task AcceptAsync_NewKey_StoresAndFindsByKeyNoteAndSubmission()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();

        var result = await outbox.AcceptAsync(note, default);

        Assert.True(result.Created);
        AssertSame(note, result.Stored);
        Assert.Equal(DeliveryState.Pending, result.Stored.State);
        Assert.Equal(0, result.Stored.Attempts);
        AssertSame(note, await outbox.FindByKeyAsync(note.IdempotencyKey, default));
        AssertSame(note, await outbox.FindNoteAsync(note.NoteId, null, default));
        AssertSame(note, await outbox.FindNoteAsync(note.NoteId, 1, default));
        AssertSame(note, await outbox.FindSubmissionAsync("Bundle", note.SubmissionId, default));
        Assert.Null(await outbox.FindByKeyAsync("urn:ietf:rfc:3986|urn:uuid:unknown", default));
        Assert.Null(await outbox.FindNoteAsync(note.NoteId, 2, default));
        Assert.Null(await outbox.FindSubmissionAsync("Composition", note.SubmissionId, default));
    }

    [SkippableFact]
    public async Task AcceptAsync_RepeatedKey_ReturnsCreatedFalseAndTheOriginal()
    {
        var outbox = (await StartAsync()).Outbox;
        var original = Accepted();
        await outbox.AcceptAsync(original, default);
        var repeat = Accepted(key: original.IdempotencyKey, acceptedAt: T0.AddMinutes(3));

        var result = await outbox.AcceptAsync(repeat, default);

        Assert.False(result.Created);
        AssertSame(original, result.Stored);
        Assert.Null(await outbox.FindNoteAsync(repeat.NoteId, null, default));
        Assert.Equal(1, (await outbox.CountByStateAsync(default)).Values.Sum());
    }

    [SkippableFact]
    public async Task AcceptAsync_TwentyConcurrentCallsWithOneKey_StoreExactlyOneRow()
    {
        var outbox = (await StartAsync()).Outbox;
        const string key = "urn:ietf:rfc:3986|urn:uuid:8d1c0f5e-2b7a-4c1e-9f3a-5d2b1c0e9a77";
        // Like 20 retries of one POST racing each other: each request made its own note id.
        var attempts = Enumerable.Range(0, 20).Select(_ => Accepted(key: key)).ToList();

        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => outbox.AcceptAsync(a, default))));

        Assert.Single(results, r => r.Created);
        var winner = results.Single(r => r.Created).Stored;
        Assert.All(results, r => Assert.Equal(winner.NoteId, r.Stored.NoteId));
        Assert.Equal(1, (await outbox.CountByStateAsync(default)).Values.Sum());
    }

    [SkippableFact]
    public async Task AcceptAsync_NoNextAttemptTimeGiven_IsDueAtOnce()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted() with { NextAttemptAt = default };

        await outbox.AcceptAsync(note, default);

        Assert.Equal(note.NoteId, Assert.Single(await outbox.ClaimDueAsync(10, T0, T0 + Lease, default)).NoteId);
    }

    [SkippableFact]
    public async Task AcceptAsync_NotAFirstVersionOrAlreadyDelivering_IsRefused()
    {
        var outbox = (await StartAsync()).Outbox;

        await Assert.ThrowsAsync<ArgumentException>(() => outbox.AcceptAsync(Accepted(version: 2), default));
        await Assert.ThrowsAsync<ArgumentException>(() => outbox.AcceptAsync(Accepted() with { State = DeliveryState.Delivering }, default));
        Assert.Equal(0, (await outbox.CountByStateAsync(default)).Values.Sum());
    }

    [SkippableFact]
    public async Task AppendVersionAsync_CurrentVersionMatches_StoresNextVersionAndKeepsTheOld()
    {
        var outbox = (await StartAsync()).Outbox;
        var v1 = Accepted(submissionType: "Composition");
        await outbox.AcceptAsync(v1, default);
        var v2 = NextVersion(v1);

        var result = await outbox.AppendVersionAsync(v2, expectedVersion: 1, default);

        Assert.NotNull(result);
        Assert.True(result.Created);
        AssertSame(v2, result.Stored);
        AssertSame(v2, await outbox.FindNoteAsync(v1.NoteId, null, default));
        AssertSame(v1, await outbox.FindNoteAsync(v1.NoteId, 1, default));
        AssertSame(v2, await outbox.FindSubmissionAsync("Composition", v1.NoteId, default));
        var versions = await outbox.GetVersionsAsync(v1.NoteId, default);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Empty(await outbox.GetVersionsAsync("no-such-note", default));
    }

    [SkippableFact]
    public async Task AppendVersionAsync_StaleExpectedVersion_ReturnsNull()
    {
        var outbox = (await StartAsync()).Outbox;
        var v1 = Accepted();
        await outbox.AcceptAsync(v1, default);
        var v2 = NextVersion(v1);
        await outbox.AppendVersionAsync(v2, 1, default);
        // A second writer who also read version 1 tries to amend it.
        var competing = NextVersion(v1);

        var result = await outbox.AppendVersionAsync(competing, 1, default);

        Assert.Null(result);
        Assert.Null(await outbox.AppendVersionAsync(NextVersion(Accepted()), 1, default));
        Assert.Equal(2, (await outbox.GetVersionsAsync(v1.NoteId, default)).Count);
    }

    [SkippableFact]
    public async Task AppendVersionAsync_RepeatedKey_ReturnsTheStoredVersion()
    {
        var outbox = (await StartAsync()).Outbox;
        var v1 = Accepted();
        await outbox.AcceptAsync(v1, default);
        var v2 = NextVersion(v1);
        await outbox.AppendVersionAsync(v2, 1, default);

        var repeat = await outbox.AppendVersionAsync(v2, 1, default);

        Assert.NotNull(repeat);
        Assert.False(repeat.Created);
        AssertSame(v2, repeat.Stored);
    }

    [SkippableFact]
    public async Task AppendVersionAsync_ConcurrentAmendmentsOfOneVersion_ExactlyOneWins()
    {
        var outbox = (await StartAsync()).Outbox;
        var v1 = Accepted();
        await outbox.AcceptAsync(v1, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => outbox.AppendVersionAsync(NextVersion(v1), 1, default))));

        Assert.Single(results, r => r is not null);
        Assert.Equal(2, (await outbox.GetVersionsAsync(v1.NoteId, default)).Count);
    }

    [SkippableFact]
    public async Task FindUndeliveredAsync_ReturnsLatestUndeliveredVersionOfEachOfThePatientsNotes()
    {
        var outbox = (await StartAsync()).Outbox;
        var pending = Accepted(acceptedAt: T0);
        var delivered = Accepted(acceptedAt: T0.AddMinutes(1));
        var amended = Accepted(acceptedAt: T0.AddMinutes(2));
        var otherPatient = Accepted(note: Note(PatientB), acceptedAt: T0.AddMinutes(3));
        foreach (var note in new[] { pending, delivered, amended, otherPatient })
        {
            await outbox.AcceptAsync(note, default);
        }

        await outbox.MarkDeliveredAsync(delivered.NoteId, 1, "cosmic-1", T0.AddMinutes(5), default);
        await outbox.MarkDeliveredAsync(amended.NoteId, 1, "cosmic-2", T0.AddMinutes(5), default);
        var amendment = NextVersion(amended, T0.AddMinutes(6));
        await outbox.AppendVersionAsync(amendment, 1, default);

        var found = await outbox.FindUndeliveredAsync(PatientA, default);

        Assert.Equal(2, found.Count);
        AssertSame(pending, found[0]);
        AssertSame(amendment, found[1]);
        Assert.Single(await outbox.FindUndeliveredAsync(PatientB, default));
        Assert.Empty(await outbox.FindUndeliveredAsync(new(Core.Identifiers.PatientIdentifierKind.Personnummer, "189002029800"), default));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_NotYetDue_IsLeftUntilItsTime()
    {
        var outbox = (await StartAsync()).Outbox;
        var later = Accepted(nextAttemptAt: T0.AddMinutes(1));
        await outbox.AcceptAsync(later, default);

        Assert.Empty(await outbox.ClaimDueAsync(10, T0, T0 + Lease, default));
        var claimed = await outbox.ClaimDueAsync(10, T0.AddMinutes(1), T0.AddMinutes(1) + Lease, default);

        var one = Assert.Single(claimed);
        Assert.Equal(later.NoteId, one.NoteId);
        Assert.Equal(DeliveryState.Delivering, one.State);
    }

    [SkippableFact]
    public async Task ClaimDueAsync_LeasedVersion_IsClaimableAgainOnlyAfterTheLeaseExpires()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();
        await outbox.AcceptAsync(note, default);

        Assert.Single(await outbox.ClaimDueAsync(10, T0, T0 + Lease, default));
        Assert.Empty(await outbox.ClaimDueAsync(10, T0.AddMinutes(1), T0.AddMinutes(1) + Lease, default));
        Assert.Empty(await outbox.ClaimDueAsync(10, T0 + Lease, T0 + Lease + Lease, default));
        // The first claimer crashed: its lease ran out, another instance takes over.
        var reclaimed = await outbox.ClaimDueAsync(10, T0.AddMinutes(6), T0.AddMinutes(6) + Lease, default);

        Assert.Equal(note.NoteId, Assert.Single(reclaimed).NoteId);
        Assert.Equal(1, (await outbox.CountByStateAsync(default))[DeliveryState.Delivering]);
    }

    [SkippableFact]
    public async Task ClaimDueAsync_LaterVersion_WaitsUntilTheEarlierOneIsDelivered()
    {
        var outbox = (await StartAsync()).Outbox;
        var v1 = Accepted();
        await outbox.AcceptAsync(v1, default);
        await outbox.AppendVersionAsync(NextVersion(v1, T0), 1, default);

        var first = await outbox.ClaimDueAsync(10, T0.AddMinutes(2), T0.AddMinutes(2) + Lease, default);
        Assert.Equal(1, Assert.Single(first).Version);
        Assert.Empty(await outbox.ClaimDueAsync(10, T0.AddMinutes(2), T0.AddMinutes(2) + Lease, default));

        await outbox.MarkDeliveredAsync(v1.NoteId, 1, "cosmic-9", T0.AddMinutes(3), default);
        var second = await outbox.ClaimDueAsync(10, T0.AddMinutes(3), T0.AddMinutes(3) + Lease, default);

        Assert.Equal(2, Assert.Single(second).Version);
    }

    [SkippableFact]
    public async Task ClaimDueAsync_RespectsMaxAndHandsOutOldestDueFirst()
    {
        var outbox = (await StartAsync()).Outbox;
        var notes = Enumerable.Range(0, 5).Select(i => Accepted(acceptedAt: T0.AddSeconds(-i))).ToList();
        foreach (var note in notes)
        {
            await outbox.AcceptAsync(note, default);
        }

        var claimed = await outbox.ClaimDueAsync(3, T0, T0 + Lease, default);

        Assert.Equal(notes.OrderBy(n => n.AcceptedAt).Take(3).Select(n => n.NoteId), claimed.Select(c => c.NoteId));
    }

    [SkippableFact]
    public async Task ClaimDueAsync_FourConcurrentClaimers_NeverClaimAVersionTwiceAndTogetherClaimAll()
    {
        var outbox = (await StartAsync()).Outbox;
        const int total = 500;
        for (var i = 0; i < total; i++)
        {
            await outbox.AcceptAsync(Accepted(acceptedAt: T0.AddMilliseconds(-i)), default);
        }

        var claims = new ConcurrentBag<(string NoteId, int Version)>();
        async Task ClaimUntilEmptyAsync()
        {
            while (true)
            {
                var batch = await outbox.ClaimDueAsync(7, T0, T0 + Lease, default);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var note in batch)
                {
                    claims.Add((note.NoteId, note.Version));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ClaimUntilEmptyAsync)));

        Assert.Equal(total, claims.Count);
        Assert.Equal(total, claims.Distinct().Count());
        Assert.Equal(total, (await outbox.CountByStateAsync(default))[DeliveryState.Delivering]);
    }

    [SkippableFact]
    public async Task MarkDeliveredAsync_ClaimedVersion_RecordsRegionalIdAndIsNotUndoneByALateFailure()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();
        await outbox.AcceptAsync(note, default);
        await outbox.ClaimDueAsync(1, T0, T0 + Lease, default);

        await outbox.MarkDeliveredAsync(note.NoteId, 1, "cosmic-42", T0.AddSeconds(2), default);
        // Another instance whose lease had run out reports a failure afterwards.
        await outbox.MarkFailedAsync(note.NoteId, 1, "timeout", T0.AddMinutes(1), deadLetter: false, default);

        var stored = await outbox.FindNoteAsync(note.NoteId, 1, default);
        Assert.NotNull(stored);
        Assert.Equal(DeliveryState.Delivered, stored.State);
        Assert.Equal("cosmic-42", stored.RegionalId);
        Assert.Equal(T0.AddSeconds(2), stored.DeliveredAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Empty(await outbox.ClaimDueAsync(10, T0.AddHours(1), T0.AddHours(1) + Lease, default));
    }

    [SkippableFact]
    public async Task MarkFailedAsync_Transient_ReturnsToPendingUntilTheNextAttempt()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();
        await outbox.AcceptAsync(note, default);
        await outbox.ClaimDueAsync(1, T0, T0 + Lease, default);

        await outbox.MarkFailedAsync(note.NoteId, 1, "regional record unavailable (503)", T0.AddSeconds(30), deadLetter: false, default);

        var stored = await outbox.FindNoteAsync(note.NoteId, 1, default);
        Assert.NotNull(stored);
        Assert.Equal(DeliveryState.Pending, stored.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("regional record unavailable (503)", stored.LastError);
        Assert.Equal(T0.AddSeconds(30), stored.NextAttemptAt);
        Assert.Empty(await outbox.ClaimDueAsync(10, T0.AddSeconds(29), T0.AddMinutes(5), default));
        Assert.Single(await outbox.ClaimDueAsync(10, T0.AddSeconds(30), T0.AddMinutes(5), default));
    }

    [SkippableFact]
    public async Task MarkFailedAsync_DeadLetter_IsListedAndRequeueMakesItDueAgain()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();
        await outbox.AcceptAsync(note, default);
        await outbox.ClaimDueAsync(1, T0, T0 + Lease, default);

        await outbox.MarkFailedAsync(note.NoteId, 1, "rejected: unknown care unit", T0.AddYears(1), deadLetter: true, default);

        Assert.Empty(await outbox.ClaimDueAsync(10, T0.AddYears(2), T0.AddYears(2) + Lease, default));
        var dead = Assert.Single(await outbox.ListByStateAsync(DeliveryState.DeadLetter, 10, default));
        Assert.Equal("rejected: unknown care unit", dead.LastError);
        Assert.Equal(1, dead.Attempts);

        Assert.True(await outbox.RequeueAsync(note.NoteId, 1, T0.AddHours(1), default));
        Assert.False(await outbox.RequeueAsync(note.NoteId, 1, T0.AddHours(1), default));
        var requeued = await outbox.FindNoteAsync(note.NoteId, 1, default);
        Assert.NotNull(requeued);
        Assert.Equal(DeliveryState.Pending, requeued.State);
        Assert.Equal(T0.AddHours(1), requeued.NextAttemptAt);
        Assert.Single(await outbox.ClaimDueAsync(10, T0.AddHours(1), T0.AddHours(1) + Lease, default));
    }

    [SkippableFact]
    public async Task RequeueAsync_NotADeadLetter_ReturnsFalse()
    {
        var outbox = (await StartAsync()).Outbox;
        var note = Accepted();
        await outbox.AcceptAsync(note, default);

        Assert.False(await outbox.RequeueAsync(note.NoteId, 1, T0, default));
        Assert.False(await outbox.RequeueAsync("no-such-note", 1, T0, default));
    }

    [SkippableFact]
    public async Task MarkDeliveredAsync_UnknownVersion_Throws()
    {
        var outbox = (await StartAsync()).Outbox;

        await Assert.ThrowsAsync<KeyNotFoundException>(() => outbox.MarkDeliveredAsync("no-such-note", 1, "x", T0, default));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => outbox.MarkFailedAsync("no-such-note", 1, "x", T0, false, default));
    }

    [SkippableFact]
    public async Task CountByStateAsync_CountsEveryStateIncludingEmptyOnes()
    {
        var outbox = (await StartAsync()).Outbox;
        Assert.All(await outbox.CountByStateAsync(default), kv => Assert.Equal(0, kv.Value));
        var notes = Enumerable.Range(0, 5).Select(i => Accepted(acceptedAt: T0.AddSeconds(i))).ToList();
        foreach (var note in notes)
        {
            await outbox.AcceptAsync(note, default);
        }

        var claimed = await outbox.ClaimDueAsync(3, T0.AddMinutes(1), T0.AddMinutes(6), default);
        await outbox.MarkDeliveredAsync(claimed[0].NoteId, 1, "cosmic-1", T0.AddMinutes(1), default);
        await outbox.MarkFailedAsync(claimed[1].NoteId, 1, "rejected", T0.AddMinutes(1), deadLetter: true, default);

        var counts = await outbox.CountByStateAsync(default);

        Assert.Equal(2, counts[DeliveryState.Pending]);
        Assert.Equal(1, counts[DeliveryState.Delivering]);
        Assert.Equal(1, counts[DeliveryState.Delivered]);
        Assert.Equal(1, counts[DeliveryState.DeadLetter]);
        Assert.Equal(2, (await outbox.ListByStateAsync(DeliveryState.Pending, 10, default)).Count);
        Assert.Single(await outbox.ListByStateAsync(DeliveryState.Pending, 1, default));
    }

    [SkippableFact]
    public async Task MigrateAsync_RunAgain_AppliesNothingAndRecordsEachVersionOnce()
    {
        var harness = await StartAsync();

        var again = await harness.Migrator.MigrateAsync(default);
        var third = await harness.Migrator.MigrateAsync(default);

        Assert.Contains(1, harness.FirstMigration.Applied);
        Assert.Empty(again.Applied);
        Assert.Empty(third.Applied);
        Assert.Equal(harness.FirstMigration.CurrentVersion, again.CurrentVersion);
        var recorded = await harness.AppliedVersionsAsync();
        Assert.Equal(harness.FirstMigration.Applied, recorded);
        Assert.Equal(recorded.Max(), again.CurrentVersion);
    }

    [SkippableFact]
    public async Task Reopen_NewInstanceOnTheSameDatabase_SeesEverythingStored()
    {
        var harness = await StartAsync();
        var v1 = Accepted();
        await harness.Outbox.AcceptAsync(v1, default);
        var v2 = NextVersion(v1);
        await harness.Outbox.AppendVersionAsync(v2, 1, default);
        await harness.Outbox.MarkFailedAsync(v1.NoteId, 1, "timeout", T0.AddMinutes(2), false, default);

        var reopened = await harness.ReopenAsync();

        AssertSame(v1, await reopened.FindByKeyAsync(v1.IdempotencyKey, default));
        AssertSame(v2, await reopened.FindNoteAsync(v1.NoteId, null, default));
        var stored = await reopened.FindNoteAsync(v1.NoteId, 1, default);
        Assert.Equal("timeout", stored!.LastError);
        Assert.Equal(1, stored.Attempts);
    }
}
