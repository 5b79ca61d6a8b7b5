using System.Diagnostics;
using System.Net;

namespace JournalGateway.Benchmarks;

/// <summary>What one request came to: its kind (for a mix), whether it counts as a success, and its status.</summary>
internal readonly record struct RequestResult(string Kind, bool Success, string Status);

/// <summary>
/// A process whose CPU time is sampled at the start and end of the measured window: CPU milliseconds per request are
/// far steadier than requests per second on a machine shared with builds.
/// </summary>
internal sealed record CpuProbe(string Name, Func<TimeSpan> CpuTime);

/// <summary>One worker's request function: worker index, request sequence number within the worker.</summary>
internal delegate Task<RequestResult> SendRequest(HttpClient client, int worker, long sequence, CancellationToken cancellationToken);

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request when the last one has been
/// answered, over one HttpClient with as many connections. Requests completing in the warm-up are not counted; the
/// latencies of the successful requests completing in the measured window are kept, one per request.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, Uri baseAddress, int connections, TimeSpan warmUp, TimeSpan measure, IReadOnlyList<CpuProbe> probes, SendRequest send)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource(warmUp + measure + TimeSpan.FromSeconds(60));

        var workers = new Task<WorkerRecord>[connections];
        for (var w = 0; w < connections; w++)
        {
            var worker = w;
            workers[w] = Task.Run(() => WorkAsync(client, worker, windowStart, windowEnd, send, stop.Token));
        }

        var cpu = await SampleCpuAsync(probes, windowStart, windowEnd);
        var records = await Task.WhenAll(workers);
        return LoadResult.Merge(name, connections, measure, records) with { CpuTimes = cpu };
    }

    /// <summary>The middle of the measured window: counts and CPU are also kept per half, to show drift.</summary>
    public static long Middle(long windowStart, long windowEnd) => windowStart + ((windowEnd - windowStart) / 2);

    /// <summary>CPU time each probed process used in the first and in the second half of the measured window.</summary>
    public static async Task<IReadOnlyDictionary<string, (TimeSpan First, TimeSpan Second)>> SampleCpuAsync(IReadOnlyList<CpuProbe> probes, long windowStart, long windowEnd)
    {
        await DelayUntil(windowStart);
        var start = probes.Select(p => p.CpuTime()).ToArray();
        await DelayUntil(Middle(windowStart, windowEnd));
        var middle = probes.Select(p => p.CpuTime()).ToArray();
        await DelayUntil(windowEnd);
        return probes.Select((p, i) => (p.Name, First: middle[i] - start[i], Second: p.CpuTime() - middle[i]))
            .ToDictionary(p => p.Name, p => (p.First, p.Second), StringComparer.Ordinal);
    }

    private static async Task DelayUntil(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static async Task<WorkerRecord> WorkAsync(HttpClient client, int worker, long windowStart, long windowEnd, SendRequest send, CancellationToken cancellationToken)
    {
        var record = new WorkerRecord();
        var windowMiddle = Middle(windowStart, windowEnd);
        for (long sequence = 0; Stopwatch.GetTimestamp() < windowEnd; sequence++)
        {
            var before = Stopwatch.GetTimestamp();
            RequestResult result;
            try
            {
                result = await send(client, worker, sequence, cancellationToken);
            }
            catch (TaskCanceledException)
            {
                result = new RequestResult("?", false, "timeout");
            }
            catch (HttpRequestException ex)
            {
                result = new RequestResult("?", false, $"connection error ({ex.HttpRequestError})");
            }
            catch (IOException ex)
            {
                // A connection cut while the body was read: an error of the run, not a crash of the benchmark.
                result = new RequestResult("?", false, $"connection error ({ex.GetType().Name})");
            }

            var after = Stopwatch.GetTimestamp();
            // Errors count wherever they happen (warm-up too): a run with errors is not a clean run.
            if (!result.Success)
            {
                record.Error(result.Kind, result.Status);
            }
            else if (after >= windowStart && after < windowEnd)
            {
                record.Success(result.Kind, (after - before) * 1000.0 / Stopwatch.Frequency, after < windowMiddle);
            }
        }

        return record;
    }
}

/// <summary>One worker's own counts, merged after the run so that workers never share a lock.</summary>
internal sealed class WorkerRecord
{
    public Dictionary<string, List<double>> LatenciesByKind { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Kind, string Status), int> Errors { get; } = [];

    /// <summary>Successes completed in the first half of the measured window.</summary>
    public int FirstHalfSuccesses { get; private set; }

    public void Success(string kind, double milliseconds, bool firstHalf)
    {
        FirstHalfSuccesses += firstHalf ? 1 : 0;
        if (!LatenciesByKind.TryGetValue(kind, out var list))
        {
            LatenciesByKind[kind] = list = new List<double>(1 << 14);
        }

        list.Add(milliseconds);
    }

    public void Error(string kind, string status) =>
        Errors[(kind, status)] = Errors.GetValueOrDefault((kind, status)) + 1;
}

/// <summary>Throughput and latency of one kind of request in one scenario.</summary>
internal sealed record KindResult(string Kind, double Rps, double P50, double P90, double P99, double Max, int Successes, int Errors);

internal sealed record LoadResult(string Name, int Connections, TimeSpan Measured, IReadOnlyList<KindResult> Kinds, IReadOnlyDictionary<(string Kind, string Status), int> Errors)
{
    public int TotalErrors => Errors.Values.Sum();

    public KindResult? Kind(string kind) => Kinds.FirstOrDefault(k => k.Kind == kind);

    /// <summary>All kinds together (for a mix), latencies pooled.</summary>
    public KindResult? Total { get; init; }

    /// <summary>CPU time of each probed process in the two halves of the measured window.</summary>
    public IReadOnlyDictionary<string, (TimeSpan First, TimeSpan Second)> CpuTimes { get; init; } = new Dictionary<string, (TimeSpan, TimeSpan)>();

    /// <summary>Successful requests completed in the first half of the measured window.</summary>
    public int FirstHalfSuccesses { get; init; }

    /// <summary>CPU milliseconds per successful request of a probed process, NaN when not probed.</summary>
    public double CpuMillisecondsPerRequest(string probe) =>
        CpuTimes.TryGetValue(probe, out var used) && Total is { Successes: > 0 } total ? (used.First + used.Second).TotalMilliseconds / total.Successes : double.NaN;

    /// <summary>
    /// How much the probed process's CPU per request changed from the first half of the window to the second
    /// (0.25 = 25 % more). Large values mean the server was still warming up or the machine's load changed.
    /// </summary>
    public double CpuDrift(string probe) =>
        CpuTimes.TryGetValue(probe, out var used) && Total is { } total && FirstHalfSuccesses > 0 && total.Successes > FirstHalfSuccesses
            ? Drift(used.First.TotalMilliseconds / FirstHalfSuccesses, used.Second.TotalMilliseconds / (total.Successes - FirstHalfSuccesses))
            : double.NaN;

    public static double Drift(double first, double second) => first > 0 ? (second / first) - 1 : double.NaN;

    public static LoadResult Merge(string name, int connections, TimeSpan measured, IReadOnlyList<WorkerRecord> records)
    {
        var errors = new Dictionary<(string, string), int>();
        foreach (var (key, count) in records.SelectMany(r => r.Errors))
        {
            errors[key] = errors.GetValueOrDefault(key) + count;
        }

        var kinds = records.SelectMany(r => r.LatenciesByKind.Keys).Union(errors.Keys.Select(k => k.Item1)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var results = kinds.Select(kind =>
        {
            var latencies = records.SelectMany(r => r.LatenciesByKind.GetValueOrDefault(kind) ?? []).ToArray();
            var kindErrors = errors.Where(e => e.Key.Item1 == kind).Sum(e => e.Value);
            return Summarise(kind, latencies, measured, kindErrors);
        }).ToList();
        var all = records.SelectMany(r => r.LatenciesByKind.Values.SelectMany(l => l)).ToArray();
        return new LoadResult(name, connections, measured, results, errors)
        {
            Total = Summarise("all", all, measured, errors.Values.Sum()),
            FirstHalfSuccesses = records.Sum(r => r.FirstHalfSuccesses),
        };
    }

    private static KindResult Summarise(string kind, double[] latencies, TimeSpan measured, int errors)
    {
        Array.Sort(latencies);
        return new KindResult(kind, latencies.Length / measured.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.90),
            Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : latencies[^1], latencies.Length, errors);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
