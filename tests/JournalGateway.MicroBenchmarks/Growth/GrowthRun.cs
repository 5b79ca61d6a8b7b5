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

    private const int Searches = 2_000;
    private const int Appends = 512;
    private const int Counts = 20;

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
        var results = new List<SizeResult>();
        foreach (var size in sizes)
        {
            var directory = Path.Combine(root, $"{size}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            try
            {
                results.Add(await MeasureSizeAsync(output, directory, size, representation));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (!keep)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        PrintTable(output, results);
        return 0;
    }

    private static async Task<SizeResult> MeasureSizeAsync(TextWriter output, string directory, int size, string representation)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== {size:N0} notes"));
        var target = GrowthData.TargetPatient;

        var store = new RegionalStoreGrowth(directory);
        var storeSeed = store.Seed(size, target);
        using var outbox = new OutboxGrowth(directory, representation);
        var outboxSeed = await outbox.SeedAsync(size, target);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  seeded: regional store {size:N0} notes in {storeSeed.TotalSeconds:F1} s ({size / storeSeed.TotalSeconds:N0} notes/s), outbox {size:N0} delivered in {outboxSeed.TotalSeconds:F1} s ({size / outboxSeed.TotalSeconds:N0} rows/s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  files: regional store {FileMegabytes(directory, "regional-store.db"):N0} MB, gateway {FileMegabytes(directory, "gateway.db"):N0} MB"));

        await store.PrintPlansAsync(output, target);
        await outbox.PrintPlansAsync(output, target);

        var search = await store.MeasureSearchAsync(target, Searches);
        var undelivered = await outbox.MeasureUndeliveredAsync(target, Searches);
        var (append, claim, confirm) = await outbox.MeasureWritesAsync(Appends, DateTimeOffset.UtcNow);
        var count = await outbox.MeasureCountByStateAsync(Counts);
        return new SizeResult(size, storeSeed + outboxSeed, search, undelivered, append, claim, confirm, count);
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
        output.WriteLine("p99 in microseconds:");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Size,9:N0}: search {r.Search.P99Microseconds:F0}, undelivered {r.Undelivered.P99Microseconds:F0}, append {r.Append.P99Microseconds:F0}, claim {r.Claim.P99Microseconds:F0}, confirm {r.Confirm.P99Microseconds:F0}"));
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
}
