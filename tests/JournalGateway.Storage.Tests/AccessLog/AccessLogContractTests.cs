using System.Collections.Concurrent;
using System.Data.Common;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static JournalGateway.Storage.Tests.Support.TestAccess;

namespace JournalGateway.Storage.Tests.AccessLog;

/// <summary>
/// What every <see cref="IAccessLog"/> engine must do, with its retention and the verifier; each engine runs these
/// through a subclass that supplies a fresh, migrated database per test.
/// </summary>
public abstract class AccessLogContractTests : IAsyncLifetime
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

    protected async Task<AccessStoreHarness> StartAsync() => _harness = await CreateHarnessAsync();

    protected static AccessLogVerifier Verifier(AccessStoreHarness harness) => new(harness.Log, harness.Retention);

    protected static async Task<IReadOnlyList<AccessLogEntry>> AppendOneByOneAsync(IAccessLog log, int count, Func<int, AccessLogEntry>? entry = null)
    {
        var stored = new List<AccessLogEntry>();
        for (var i = 0; i < count; i++)
        {
            stored.AddRange(await log.AppendAsync([entry?.Invoke(i) ?? Entry(time: T0.AddSeconds(i))], default));
        }

        return stored;
    }

    [SkippableFact]
    public async Task AppendAsync_OneByOneAndInABatch_AssignsIncreasingSequencesAndAChainThatVerifies()
    {
        var harness = await StartAsync();
        // Whatever the caller puts in sequence and hashes is ignored.
        var stored = (await AppendOneByOneAsync(harness.Log, 3, i => Entry(time: T0.AddSeconds(i)) with { Sequence = 99, Hash = "forged" })).ToList();
        stored.AddRange(await harness.Log.AppendAsync([Entry(time: T0.AddSeconds(3)), Entry(time: T0.AddSeconds(4), patient: PatientB)], default));

        Assert.Equal([1L, 2, 3, 4, 5], stored.Select(e => e.Sequence));
        Assert.Equal(AccessLogChain.GenesisHash, stored[0].PreviousHash);
        Assert.All(stored.Skip(1).Zip(stored), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(stored, e => Assert.Equal(AccessLogChain.ComputeHash(e.PreviousHash!, e), e.Hash));
        var chain = await harness.Log.ReadChainAsync(1, 100, default);
        Assert.Equal(stored.Select(e => e.Hash), chain.Select(e => e.Hash));
        Assert.Null(AccessLogChain.Verify(chain));
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
        Assert.Equal(new AccessLogHead(5, stored[^1].Hash!, 0, AccessLogChain.GenesisHash), await harness.Retention.ReadHeadAsync(default));
        Assert.Empty(await harness.Log.AppendAsync([], default));
    }

    [SkippableFact]
    public async Task AppendAsync_EveryField_IsReadBackExactlyAsHashed()
    {
        var harness = await StartAsync();
        // Finer than a microsecond and not in UTC: stored as UTC whole microseconds, which the hash covers.
        var time = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var emergency = Entry(time: time, purpose: PurposeOfUse.EmergencyTreat);
        var anonymous = Entry(time: time) with
        {
            Patient = null,
            UserName = null,
            Returned = [],
            Reasons = [],
            WithheldCount = 0,
            Outcome = AccessLogOutcome.Denied,
            Action = AccessAction.VRead,
            ProviderKind = ProviderKind.Omsorgsgivare,
        };

        var stored = await harness.Log.AppendAsync([emergency, anonymous], default);
        var read = await harness.Log.ReadChainAsync(1, 10, default);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), stored[0].Time);
        Assert.Equal(TimeSpan.Zero, read[0].Time.Offset);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(AccessLogChain.CanonicalContent(stored[i]), AccessLogChain.CanonicalContent(read[i]));
            Assert.Equal(stored[i].Hash, read[i].Hash);
            Assert.Equal(stored[i].Time, read[i].Time);
        }

        Assert.Equal(emergency.EmergencyReason, read[0].EmergencyReason);
        Assert.Equal(emergency.Returned, read[0].Returned);
        Assert.Equal(emergency.Reasons, read[0].Reasons);
        Assert.Equal(PatientA, read[0].Patient);
        Assert.Null(read[1].Patient);
        Assert.Null(AccessLogChain.Verify(read));
    }

    [SkippableFact]
    public async Task AppendAsync_EightConcurrentInstancesFiftyEntriesEach_BuildOneChainWithoutGaps()
    {
        var harness = await StartAsync();
        var sequences = new ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            // Each appender is its own gateway instance: its own pool, and (SQLite) its own in-process write gate.
            var (log, _) = harness.OpenAnotherInstance();
            for (var i = 0; i < 50; i++)
            {
                foreach (var entry in await log.AppendAsync([Entry(time: T0.AddMilliseconds((writer * 50) + i))], default))
                {
                    sequences.Add(entry.Sequence);
                }
            }
        })));

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), sequences.Order());
        var chain = await harness.Log.ReadChainAsync(1, 1_000, default);
        Assert.Equal(400, chain.Count);
        Assert.Null(AccessLogChain.Verify(chain));
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
    }

    [SkippableFact]
    public async Task BatchingAccessLog_EightConcurrentAppendersOnTwoInstances_BuildOneChainWithoutGaps()
    {
        var harness = await StartAsync();
        var options = Options.Create(new AccessLogOptions { MaxBatchEntries = 16, MaxDelayMicroseconds = 500 });
        await using var first = new BatchingAccessLog(harness.OpenAnotherInstance().Log, options, NullLogger<BatchingAccessLog>.Instance);
        await using var second = new BatchingAccessLog(harness.OpenAnotherInstance().Log, options, NullLogger<BatchingAccessLog>.Instance);
        var stored = new ConcurrentBag<AccessLogEntry>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var log = writer % 2 == 0 ? first : second;
            for (var i = 0; i < 50; i++)
            {
                // Some requests log two entries: they must stay together and in order.
                var entries = i % 10 == 0
                    ? new[] { Entry(time: T0.AddSeconds(i)), Entry(time: T0.AddSeconds(i), patient: PatientB) }
                    : [Entry(time: T0.AddSeconds(i))];
                var result = await log.AppendAsync(entries, default);
                Assert.Equal(entries.Length, result.Count);
                Assert.Equal(entries.Select(e => e.Patient), result.Select(e => e.Patient));
                Assert.All(result.Skip(1).Zip(result), pair => Assert.Equal(pair.Second.Sequence + 1, pair.First.Sequence));
                foreach (var entry in result)
                {
                    stored.Add(entry);
                }
            }
        })));

        Assert.Equal(Enumerable.Range(1, 440).Select(i => (long)i), stored.Select(e => e.Sequence).Order());
        var chain = await harness.Log.ReadChainAsync(1, 1_000, default);
        Assert.Equal(stored.OrderBy(e => e.Sequence).Select(e => e.Hash), chain.Select(e => e.Hash));
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
    }

    [SkippableFact]
    public async Task RawUpdate_IsRefusedByTheDatabase()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 3);

        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("UPDATE access_log SET user_name = 'someone else' WHERE sequence = 2"));
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("UPDATE access_log SET withheld_count = 0"));

        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
    }

    [SkippableFact]
    public async Task RawDelete_IsRefusedByTheDatabase()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 3);

        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("DELETE FROM access_log WHERE sequence = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("DELETE FROM access_log"));
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("DELETE FROM access_log_head"));

        Assert.Equal(3, (await harness.Log.ReadChainAsync(1, 10, default)).Count);
    }

    [SkippableFact]
    public async Task VerifyChainAsync_RowChangedThroughASideDoor_NamesTheSequence()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 10);

        await harness.TamperAsync("UPDATE access_log SET patient_value = '196101182803' WHERE sequence = 4");

        var broken = await Verifier(harness).VerifyChainAsync(default);
        Assert.Equal(new ChainBreak(4, ChainBreakKind.ContentAltered, broken!.Detail), broken);
    }

    [SkippableFact]
    public async Task VerifyChainAsync_RowRehashedThroughASideDoor_BreaksTheNextLink()
    {
        var harness = await StartAsync();
        var stored = await AppendOneByOneAsync(harness.Log, 10);
        var forged = stored[6] with { UserName = "someone else" };
        var hash = AccessLogChain.ComputeHash(forged.PreviousHash!, forged);

        await harness.TamperAsync($"UPDATE access_log SET user_name = 'someone else', hash = '{hash}' WHERE sequence = 7");

        var broken = await Verifier(harness).VerifyChainAsync(default);
        Assert.Equal((8L, ChainBreakKind.PreviousHashMismatch), (broken!.Sequence, broken.Kind));
    }

    [SkippableFact]
    public async Task VerifyChainAsync_RowsDeletedThroughASideDoor_NamesWhereTheGapShows()
    {
        var harness = await StartAsync();
        for (var batch = 0; batch < 25; batch++)
        {
            await harness.Log.AppendAsync([.. Enumerable.Range(0, 100).Select(i => Entry(time: T0.AddSeconds((batch * 100) + i)))], default);
        }

        await harness.TamperAsync("DELETE FROM access_log WHERE sequence IN (1001, 1002)");

        var broken = await Verifier(harness).VerifyChainAsync(default);
        Assert.Equal((1003L, ChainBreakKind.SequenceGap), (broken!.Sequence, broken.Kind));
    }

    [SkippableFact]
    public async Task VerifyChainAsync_NewestEntriesCutOff_NamesTheFirstMissing()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 10);

        await harness.TamperAsync("DELETE FROM access_log WHERE sequence >= 9");

        var broken = await Verifier(harness).VerifyChainAsync(default);
        Assert.Equal((9L, ChainBreakKind.SequenceGap), (broken!.Sequence, broken.Kind));
    }

    [SkippableFact]
    public async Task PruneAsync_OldEntries_DeletesThemAndKeepsTheRestVerifiable()
    {
        var harness = await StartAsync();
        // Entry 7 is after the cut-off, so entry 8, though older than it, stays: pruning removes one unbroken run.
        var stored = await AppendOneByOneAsync(harness.Log, 10, i => Entry(time: T0.AddDays(i switch { 6 => 30, 7 => 2, _ => i })));

        var pruned = await harness.Retention.PruneAsync(T0.AddDays(7), default);

        Assert.Equal(6, pruned);
        Assert.Equal(new AccessLogHead(10, stored[9].Hash!, 6, stored[5].Hash!), await harness.Retention.ReadHeadAsync(default));
        Assert.Equal([7L, 8, 9, 10], (await harness.Log.ReadChainAsync(1, 100, default)).Select(e => e.Sequence));
        Assert.Single(await harness.Log.QueryAsync(null, null, T0.AddDays(7), null, 100, default));
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
        Assert.Equal(0, await harness.Retention.PruneAsync(T0.AddDays(7), default));

        // The delete is open only inside the pruning transaction.
        await Assert.ThrowsAnyAsync<DbException>(() => harness.ExecuteAsync("DELETE FROM access_log WHERE sequence = 7"));
        await AppendOneByOneAsync(harness.Log, 3);
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));

        Assert.Equal(7, await harness.Retention.PruneAsync(T0.AddYears(1), default));
        Assert.Empty(await harness.Log.ReadChainAsync(1, 100, default));
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
        Assert.Equal(14, (await harness.Log.AppendAsync([Entry()], default))[0].Sequence);
        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
    }

    [SkippableFact]
    public async Task PruneAsync_AfterPruning_ATamperedFirstKeptEntryIsStillDetected()
    {
        var harness = await StartAsync();
        await AppendOneByOneAsync(harness.Log, 6, i => Entry(time: T0.AddDays(i)));
        await harness.Retention.PruneAsync(T0.AddDays(3), default);

        await harness.TamperAsync("UPDATE access_log SET previous_hash = hash WHERE sequence = 4");

        var broken = await Verifier(harness).VerifyChainAsync(default);
        Assert.Equal((4L, ChainBreakKind.PreviousHashMismatch), (broken!.Sequence, broken.Kind));
    }

    [SkippableFact]
    public async Task QueryAsync_ByPatientTimeAndPurpose_ReturnsMatchesNewestFirst()
    {
        var harness = await StartAsync();
        var log = harness.Log;
        await log.AppendAsync(
        [
            Entry(time: T0.AddHours(1)),
            Entry(time: T0.AddHours(3), purpose: PurposeOfUse.EmergencyTreat),
            Entry(time: T0.AddHours(2), patient: PatientB, purpose: PurposeOfUse.EmergencyTreat),
            Entry(time: T0.AddHours(2)),
            Entry(time: T0) with { Patient = null },
            Entry(time: T0.AddHours(5)),
        ], default);

        var forA = await log.QueryAsync(PatientA, null, null, null, 100, default);
        Assert.Equal([6L, 2, 4, 1], forA.Select(e => e.Sequence));

        var window = await log.QueryAsync(PatientA, T0.AddHours(2), T0.AddHours(5), null, 100, default);
        Assert.Equal([2L, 4], window.Select(e => e.Sequence));

        var emergencies = await log.QueryAsync(null, null, null, PurposeOfUse.EmergencyTreat, 100, default);
        Assert.Equal([2L, 3], emergencies.Select(e => e.Sequence));
        Assert.All(emergencies, e => Assert.True(e.IsEmergency));

        var combined = await log.QueryAsync(PatientA, T0.AddHours(2), null, PurposeOfUse.Treat, 100, default);
        Assert.Equal([6L, 4], combined.Select(e => e.Sequence));

        Assert.Equal([6L, 2], (await log.QueryAsync(null, null, null, null, 2, default)).Select(e => e.Sequence));
        Assert.Empty(await log.QueryAsync(PatientA, T0.AddDays(1), null, null, 100, default));
    }
}
