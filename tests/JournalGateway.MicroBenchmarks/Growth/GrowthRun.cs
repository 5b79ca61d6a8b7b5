using System.Diagnostics;
using System.Globalization;
using JournalGateway.MicroBenchmarks.Support;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>
/// The growth run: at each size the regional store and the gateway's outbox are seeded with that many notes in
/// fresh SQLite files, the query plans are checked, and the per-request costs measured. The table compares each size
/// with the smallest; a flat cost is a ratio near 1.
/// </summary>
/// <remarks>
/// Options: <c>--growth-max N</c> (default 1,000,000) leaves out the larger sizes; <c>--growth-dir PATH</c> puts the
/// files elsewhere than the temp folder (they are deleted after each size unless <c>--growth-keep</c>).
/// </remarks>
internal static class GrowthRun
{
    private static readonly int[] Sizes = [1_000, 100_000, 1_000_000];

    // Per size, spread over the rounds.
    private const int Rounds = 10;
    private const int Searches = 2_000;
    private const int Appends = 500;
    private const int Counts = 20;
    private const int FullRepresentationUpTo = 100_000;
    private const string StubRepresentation = """{"resourceType":"Bundle","type":"document","entry":[]}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var max = IntOption(args, "--growth-max") ?? Sizes[^1];
        var root = Option(args, "--growth-dir") ?? Path.Combine(Path.GetTempPath(), "journalgateway-growth");
        var keep = args.Contains("--growth-keep");
        var sizes = Sizes.Where(s => s <= max).ToList();
        if (sizes.Count == 0)
        {
            await Console.Error.WriteLineAsync($"--growth-max {max} is below the smallest size, {Sizes[0]}.");
            return 2;
        }

        var output = Console.Out;
        var representation = OutboxGrowth.RepresentationOf(Samples.DocumentBytes());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Growth run: sizes {string.Join(", ", sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}; {Environment.ProcessorCount} cores; files under {root}"));
        var states = new List<SizeState>();
        try
        {
            foreach (var size in sizes)
            {
                var directory = Path.Combine(root, $"{size}-{Guid.NewGuid():N}");
                Directory.CreateDirectory(directory);
                states.Add(await SeedAsync(output, directory, size, representation));
            }

            // Rounds over all sizes, rather than one size after the other: a neighbour's load on this shared machine
            // then lands on every size alike instead of on whichever size happened to run at the time.
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Measuring in {Rounds} rounds over all sizes ..."));
            for (var round = 0; round < Rounds; round++)
            {
                // Each round starts at another size, so no size always follows the same one.
                var order = states.Skip(round % states.Count).Concat(states.Take(round % states.Count)).ToList();
                foreach (var state in order)
                {
                    await state.MeasureReadsAsync();
                }

                // Appends alternate between the sizes one by one: a durable commit's time depends most on what the
                // shared disk is doing at that moment, and this puts every size through the same moments.
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < Appends / Rounds; i++)
                {
                    foreach (var state in order)
                    {
                        await state.AppendOneAsync(now);
                    }
                }

                foreach (var state in order)
                {
                    await state.MeasureDeliveriesAndCountAsync(now);
                }
            }

            PrintTable(output, [.. states.Select(s => s.Result())]);
        }
        finally
        {
            foreach (var state in states)
            {
                state.Outbox.Dispose();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
            {
                foreach (var state in states)
                {
                    Directory.Delete(state.Directory, recursive: true);
                }
            }
        }

        return 0;
    }

    private static async Task<SizeState> SeedAsync(TextWriter output, string directory, int size, string representation)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {size:N0} notes"));
        var target = GrowthData.TargetPatient;

        var store = new RegionalStoreGrowth(directory);
        var outbox = new OutboxGrowth(directory, representation);

        // The stored document is about 5.4 KB, so a million delivered rows would make an 8 GB file. Above the 100,000 of
        // the issue, seeded rows carry a stub instead: the queries measured read indexes and the rows they return, not
        // the documents of delivered rows, and the table's b-tree depth does not depend on the overflow pages.
        var seededRepresentation = size <= FullRepresentationUpTo ? representation : StubRepresentation;
        // Two files, two writers: seeding them side by side uses both cores.
        var seeding = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var storeSeeding = Task.Run(() => store.Seed(size, target));
        var outboxSeeding = Task.Run(() => outbox.SeedAsync(size, target, seededRepresentation));
        var storeSeed = await storeSeeding;
        var outboxSeed = await outboxSeeding;
        var seedTime = seeding.Elapsed;
        var seedCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seeded side by side in {seedTime.TotalSeconds:F1} s ({seedCpu.TotalSeconds:F1} s of CPU): regional store {size:N0} notes in {storeSeed.TotalSeconds:F1} s ({size / storeSeed.TotalSeconds:N0} notes/s), outbox {size:N0} delivered in {outboxSeed.TotalSeconds:F1} s ({size / outboxSeed.TotalSeconds:N0} rows/s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  files: regional store {FileMegabytes(directory, "regional-store.db"):N0} MB, gateway {FileMegabytes(directory, "gateway.db"):N0} MB (seeded outbox rows hold {(seededRepresentation.Length == representation.Length ? "the full document" : "a stub document")}, {seededRepresentation.Length:N0} characters)"));

        await store.PrintPlansAsync(output, target);
        await outbox.PrintPlansAsync(output, target);
        return new SizeState(size, directory, seedTime, store, outbox);
    }

    private static void PrintTable(TextWriter output, IReadOnlyList<SizeResult> results)
    {
        var first = results[0];
        output.WriteLine();
        output.WriteLine("Medians in microseconds; (xR) is the ratio to the smallest size. Search: the store's search of a patient with");
        output.WriteLine("10 notes; undelivered: the outbox lookup of a read; append: AcceptAsync, a durable commit each; claim: 32 due notes;");
        output.WriteLine("confirm: MarkDeliveredAsync; count: CountByStateAsync, the metrics' background refresh.");
        output.WriteLine();
        output.WriteLine("| notes | seed s | search | undelivered | append | appends/s | claim | confirm | count |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var appendsPerSecond = 1_000_000 / r.Append.MeanMicroseconds;
            var firstAppendsPerSecond = 1_000_000 / first.Append.MeanMicroseconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size:N0} | {r.Seed.TotalSeconds:F1} | {Cell(r.Search, first.Search)} | {Cell(r.Undelivered, first.Undelivered)} | {Cell(r.Append, first.Append)} | {appendsPerSecond:N0} (x{appendsPerSecond / firstAppendsPerSecond:F2}) | {Cell(r.Claim, first.Claim)} | {Cell(r.Confirm, first.Confirm)} | {Cell(r.Count, first.Count)} |"));
        }

        output.WriteLine();
        output.WriteLine("p99 in microseconds (samples per size: search and undelivered 2,000, append and confirm 500, claim about 20, so");
        output.WriteLine("its p99 is its slowest; the slowest claim's position among them tells its round):");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Size,9:N0}: search {r.Search.P99Microseconds:F0}, undelivered {r.Undelivered.P99Microseconds:F0}, append {r.Append.P99Microseconds:F0}, claim {r.Claim.P99Microseconds:F0} (slowest: #{r.Claim.SlowestSample + 1} of {r.Claim.Count}), confirm {r.Confirm.P99Microseconds:F0}"));
        }
    }

    private static string Cell(Latency latency, Latency smallest) =>
        string.Create(CultureInfo.InvariantCulture, $"{latency.P50Microseconds:F0} (x{latency.P50Microseconds / smallest.P50Microseconds:F2})");

    private static double FileMegabytes(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? new FileInfo(path).Length / 1_048_576.0 : 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int? IntOption(string[] args, string name) =>
        Option(args, name) is { } value ? int.Parse(value.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : null;

    private sealed record SizeResult(
        int Size, TimeSpan Seed, Latency Search, Latency Undelivered, Latency Append, Latency Claim, Latency Confirm, Latency Count);

    /// <summary>One size's files and the samples gathered so far.</summary>
    private sealed class SizeState(int size, string directory, TimeSpan seed, RegionalStoreGrowth store, OutboxGrowth outbox)
    {
        private readonly List<double> _search = [];
        private readonly List<double> _undelivered = [];
        private readonly List<double> _append = [];
        private readonly List<double> _claim = [];
        private readonly List<double> _confirm = [];
        private readonly List<double> _count = [];

        public string Directory { get; } = directory;

        public OutboxGrowth Outbox { get; } = outbox;

        public async Task MeasureReadsAsync()
        {
            _search.AddRange(await store.SampleSearchAsync(GrowthData.TargetPatient, Searches / Rounds));
            _undelivered.AddRange(await Outbox.SampleUndeliveredAsync(GrowthData.TargetPatient, Searches / Rounds));
        }

        public async Task AppendOneAsync(DateTimeOffset now) => _append.Add(await Outbox.AppendOneAsync(now));

        public async Task MeasureDeliveriesAndCountAsync(DateTimeOffset now)
        {
            var (claim, confirm) = await Outbox.SampleDeliveriesAsync(now);
            _claim.AddRange(claim);
            _confirm.AddRange(confirm);
            _count.AddRange(await Outbox.SampleCountByStateAsync(Counts / Rounds));
        }

        public SizeResult Result() => new(
            size, seed, Latency.Of(_search), Latency.Of(_undelivered), Latency.Of(_append), Latency.Of(_claim),
            Latency.Of(_confirm), Latency.Of(_count));
    }
}
