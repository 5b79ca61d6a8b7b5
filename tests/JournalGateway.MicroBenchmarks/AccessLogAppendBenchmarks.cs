using BenchmarkDotNet.Attributes;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JournalGateway.MicroBenchmarks;

/// <summary>
/// The access log on SQLite (WAL, synchronous=FULL, hash-chained): <see cref="Requests"/> reads each log one entry,
/// as a search does. The baseline appends them one by one, a durable transaction each; the group commit
/// (<see cref="BatchingAccessLog"/>, as the gateway wires it) takes them concurrently, as parallel requests arrive, and
/// commits them together. Times are per entry. The file is a fresh one in the temp folder, migrated by the storage's
/// own migrator; the disk is shared with whatever else runs, so commits are the noisy part.
/// </summary>
[MemoryDiagnoser]
public class AccessLogAppendBenchmarks
{
    private const int Requests = 64;

    private static readonly DateTimeOffset Time = new(2026, 11, 20, 14, 0, 0, TimeSpan.FromHours(1));

    private string _directory = "";
    private SqliteDatabase _database = null!;
    private SqliteAccessLog _log = null!;
    private BatchingAccessLog _batching = null!;
    private AccessLogEntry[][] _entries = [];

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "journalgateway-microbenchmarks", Guid.NewGuid().ToString("N"));
        _database = new SqliteDatabase(Path.Combine(_directory, "gateway.db"), 10_000, NullLogger<SqliteDatabase>.Instance);
        new SqliteStorageMigrator(_database, TimeProvider.System, NullLogger<SqliteStorageMigrator>.Instance)
            .MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _log = new SqliteAccessLog(_database);
        _batching = new BatchingAccessLog(_log, Options.Create(new AccessLogOptions()), NullLogger<BatchingAccessLog>.Instance);
        _entries = [.. Enumerable.Range(0, Requests).Select(i => new[] { Entry(i) })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _batching.Dispose();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests, Description = "one by one, a commit each")]
    public async Task<long> OneByOne()
    {
        long last = 0;
        foreach (var entries in _entries)
        {
            var stored = await _log.AppendAsync(entries, CancellationToken.None);
            last = stored[^1].Sequence;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Requests, Description = "group commit, 64 concurrent")]
    public async Task<long> GroupCommit()
    {
        var appends = new Task<IReadOnlyList<AccessLogEntry>>[_entries.Length];
        for (var i = 0; i < appends.Length; i++)
        {
            appends[i] = _batching.AppendAsync(_entries[i], CancellationToken.None);
        }

        var stored = await Task.WhenAll(appends);
        return stored.Max(s => s[^1].Sequence);
    }

    // A search of the test patient returning ten notes: the shape of entry a read writes.
    private static AccessLogEntry Entry(int request) => new()
    {
        Time = Time.AddMilliseconds(request),
        Action = AccessAction.Search,
        Outcome = AccessLogOutcome.Partial,
        User = new HsaId("SE2120002080-P001"),
        UserName = "Sara Sjuksköterska",
        CareUnit = new HsaId("SE2120002080-E001"),
        CareProvider = new HsaId("SE2120002080-0001"),
        ProviderKind = ProviderKind.Vardgivare,
        Patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, "195009072553"),
        Purpose = PurposeOfUse.Treat,
        Returned = [.. Enumerable.Range(1, 10).Select(n => $"Composition/0195a1c0-0000-7000-8000-{n:D12}/_history/1")],
        WithheldCount = 1,
        Reasons = [AccessReason.OwnCareUnit, AccessReason.Consent, AccessReason.BlockedAcrossProviders],
    };
}
