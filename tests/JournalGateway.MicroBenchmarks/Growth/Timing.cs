using System.Diagnostics;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>Latencies of repeated calls: the median is what the growth table compares (it shrugs off a noisy neighbour).</summary>
internal sealed record Latency(int Count, double MeanMicroseconds, double P50Microseconds, double P99Microseconds, double MaxMicroseconds, int SlowestSample)
{
    public static async Task<Latency> MeasureAsync(int warmUp, int count, Func<int, Task> call) =>
        Of(await SampleAsync(warmUp, count, call));

    /// <summary>Microseconds per call, after <paramref name="warmUp"/> unmeasured calls.</summary>
    public static async Task<double[]> SampleAsync(int warmUp, int count, Func<int, Task> call)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await call(-1 - i);
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return samples;
    }

    public static Latency Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Latency(
            sorted.Length,
            sorted.Average(),
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.99),
            sorted[^1],
            samples.Select((sample, index) => (sample, index)).MaxBy(s => s.sample).index);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
