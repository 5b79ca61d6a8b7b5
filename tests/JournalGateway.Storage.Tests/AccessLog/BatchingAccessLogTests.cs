using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.AccessLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static JournalGateway.Storage.Tests.Support.TestAccess;

namespace JournalGateway.Storage.Tests.AccessLog;

/// <summary>The group-commit decorator over a store stand-in that records each flush.</summary>
public sealed class BatchingAccessLogTests
{
    [Fact]
    public async Task AppendAsync_ManyConcurrentCallers_FlushesFewerBatchesAndHandsEachItsOwnEntries()
    {
        var store = new RecordingLog { Delay = TimeSpan.FromMilliseconds(5) };
        await using var log = Batching(store, maxBatchEntries: 64);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => log.AppendAsync([Entry(time: T0.AddSeconds(i))], default))));

        Assert.All(results.Select((r, i) => (r, i)), x => Assert.Equal(T0.AddSeconds(x.i), Assert.Single(x.r).Time));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Select(r => r[0].Sequence).Order());
        Assert.True(store.Flushes.Count < 200, $"{store.Flushes.Count} flushes for 200 appends");
        Assert.All(store.Flushes, f => Assert.InRange(f, 1, 64));
    }

    [Fact]
    public async Task AppendAsync_StoreFails_FaultsEveryCallerOfThatBatchAndKeepsWorking()
    {
        var store = new RecordingLog { Delay = TimeSpan.FromMilliseconds(20), Failure = new TimeoutException("database gone") };
        await using var log = Batching(store, maxBatchEntries: 64);

        var calls = Enumerable.Range(0, 20).Select(i => Task.Run(() => log.AppendAsync([Entry(time: T0.AddSeconds(i))], default))).ToList();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => call);
        }

        store.Failure = null;
        Assert.Equal(1, (await log.AppendAsync([Entry()], default))[0].Sequence);
    }

    [Fact]
    public async Task AppendAsync_InvalidEntry_IsRefusedAloneBeforeQueueing()
    {
        var store = new RecordingLog();
        await using var log = Batching(store, maxBatchEntries: 64);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.AppendAsync([Entry() with { Action = (AccessAction)99 }], default));

        Assert.Empty(store.Flushes);
    }

    [Fact]
    public async Task DisposeAsync_WithAppendsQueued_FlushesThemAndRefusesNewOnes()
    {
        var store = new RecordingLog { Delay = TimeSpan.FromMilliseconds(10) };
        var log = Batching(store, maxBatchEntries: 4);
        var calls = Enumerable.Range(0, 20).Select(i => log.AppendAsync([Entry(time: T0.AddSeconds(i))], default)).ToList();

        await log.DisposeAsync();

        // Durable by the time dispose returns; the callers' continuations run right after.
        Assert.Equal(20, store.Flushes.Sum());
        Assert.Equal(20, (await Task.WhenAll(calls)).Sum(r => r.Count));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => log.AppendAsync([Entry()], default));
    }

    private static BatchingAccessLog Batching(IAccessLog store, int maxBatchEntries) => new(
        store,
        Options.Create(new AccessLogOptions { MaxBatchEntries = maxBatchEntries, MaxDelayMicroseconds = 1_000 }),
        NullLogger<BatchingAccessLog>.Instance);

    /// <summary>Links entries like a store and records how many each flush carried; one flush at a time.</summary>
    private sealed class RecordingLog : IAccessLog
    {
        private readonly SemaphoreSlim _one = new(1, 1);
        private long _sequence;
        private string _last = AccessLogChain.GenesisHash;

        public TimeSpan Delay { get; init; }

        public Exception? Failure { get; set; }

        public List<int> Flushes { get; } = [];

        public async Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken)
        {
            Assert.True(await _one.WaitAsync(0, cancellationToken), "Two flushes at once");
            try
            {
                await Task.Delay(Delay, cancellationToken);
                if (Failure is not null)
                {
                    throw Failure;
                }

                Flushes.Add(entriesWithoutHash.Count);
                var stored = new List<AccessLogEntry>();
                foreach (var entry in entriesWithoutHash)
                {
                    var linked = AccessLogChain.Link(entry, ++_sequence, _last);
                    _last = linked.Hash!;
                    stored.Add(linked);
                }

                return stored;
            }
            finally
            {
                _one.Release();
            }
        }

        public Task<IReadOnlyList<AccessLogEntry>> QueryAsync(
            PatientIdentifier? patient, DateTimeOffset? from, DateTimeOffset? to, PurposeOfUse? purpose, int max, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
