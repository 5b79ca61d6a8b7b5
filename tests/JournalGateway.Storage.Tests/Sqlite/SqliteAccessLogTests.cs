using System.Diagnostics;
using System.Globalization;
using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.Tests.AccessLog;
using JournalGateway.Storage.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static JournalGateway.Storage.Tests.Support.TestAccess;

namespace JournalGateway.Storage.Tests.Sqlite;

/// <summary>The access log contract on SQLite, each test on its own temporary file.</summary>
public sealed class SqliteAccessLogTests(ITestOutputHelper output) : AccessLogContractTests
{
    public const string MeasureVariable = "JOURNALGATEWAY_MEASURE";

    protected override async Task<AccessStoreHarness> CreateHarnessAsync() => await SqliteAccessStoreHarness.CreateAsync();

    [SkippableFact]
    public async Task PruneAsync_LeavesThePruneFlagClosed()
    {
        var harness = (SqliteAccessStoreHarness)await StartAsync();
        await AppendOneByOneAsync(harness.Log, 3, i => Entry(time: T0.AddDays(i)));

        Assert.Equal(2, await harness.Retention.PruneAsync(T0.AddDays(2), default));

        await using var connection = await harness.Database.OpenAsync(default);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT allow_prune FROM access_log_control"));
    }

    /// <summary>
    /// Not a test of speed (nothing is asserted about time): prints 1,000 appends one after another against 1,000
    /// concurrent appends through <see cref="BatchingAccessLog"/>, on one SQLite file with synchronous=FULL.
    /// Run with JOURNALGATEWAY_MEASURE=true.
    /// </summary>
    [SkippableFact]
    public async Task Measure_SingleAppendsAgainstConcurrentBatchedAppends()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(MeasureVariable) == "true", $"A measurement, not a test: set {MeasureVariable}=true to run it.");
        const int count = 1_000;
        var harness = await StartAsync();

        var single = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await harness.Log.AppendAsync([Entry(time: T0.AddMilliseconds(i))], default);
        }

        single.Stop();

        var counting = new CountingLog(harness.Log);
        var batched = Stopwatch.StartNew();
        await using (var log = new BatchingAccessLog(counting, Options.Create(new AccessLogOptions()), NullLogger<BatchingAccessLog>.Instance))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => log.AppendAsync([Entry(time: T0.AddMilliseconds(i))], default))));
        }

        batched.Stop();

        var concurrentUnbatched = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => harness.Log.AppendAsync([Entry(time: T0.AddMilliseconds(i))], default))));
        concurrentUnbatched.Stop();

        Assert.Null(await Verifier(harness).VerifyChainAsync(default));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} single appends one after another: {single.Elapsed.TotalMilliseconds:F0} ms ({single.Elapsed.TotalMilliseconds * 1000 / count:F0} µs each)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} concurrent appends, no batching:     {concurrentUnbatched.Elapsed.TotalMilliseconds:F0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} concurrent appends, BatchingAccessLog: {batched.Elapsed.TotalMilliseconds:F0} ms (ratio {single.Elapsed / batched.Elapsed:F1}x) in {counting.Flushes} transactions"));
    }

    /// <summary>Counts the transactions the batching decorator asks for.</summary>
    private sealed class CountingLog(IAccessLog inner) : IAccessLog
    {
        private int _flushes;

        public int Flushes => _flushes;

        public Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _flushes);
            return inner.AppendAsync(entriesWithoutHash, cancellationToken);
        }

        public Task<IReadOnlyList<AccessLogEntry>> QueryAsync(
            PatientIdentifier? patient, DateTimeOffset? from, DateTimeOffset? to, PurposeOfUse? purpose, int max, CancellationToken cancellationToken) =>
            inner.QueryAsync(patient, from, to, purpose, max, cancellationToken);

        public Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken) =>
            inner.ReadChainAsync(fromSequence, max, cancellationToken);
    }
}
