using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace JournalGateway.Benchmarks;

/// <summary>
/// The peer's cost: bare Firely <see cref="Validator.Validate(Resource, string)"/> of the standard note document
/// against the core spec alone, one validator per thread (a Validator is not thread-safe) on every core, sharing one
/// cached resolver and terminology service. Prepared once (the first validation compiles the schemas), then measured
/// as often as the run asks: before and after the write scenario, so that a change of the machine's speed during the
/// write shows and the ratio uses the mean of both.
/// </summary>
internal sealed class ValidateBaseline
{
    public sealed record Result(int Threads, double Rps, double MeanMilliseconds, double CpuMilliseconds, double CpuDrift, int Errors);

    private readonly Resource[] _documents;
    private readonly Validator[] _validators;

    private ValidateBaseline(Resource[] documents, Validator[] validators, double firstValidationSeconds, string? problem)
    {
        _documents = documents;
        _validators = validators;
        FirstValidationSeconds = firstValidationSeconds;
        Problem = problem;
    }

    /// <summary>One validator, and one copy of the document, per core.</summary>
    public int Threads { get; } = Environment.ProcessorCount;

    /// <summary>Seconds the first validation of every validator took, one after the other.</summary>
    public double FirstValidationSeconds { get; }

    /// <summary>Set when the standard document is not valid against the core spec.</summary>
    public string? Problem { get; }

    public static ValidateBaseline Prepare(string documentJson)
    {
        var threads = Environment.ProcessorCount;
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        var terminology = new LocalTerminologyService(resolver);
        var deserializer = new FhirJsonDeserializer();

        // Each thread validates its own copy of the document: nothing mutable is shared but the caches.
        var documents = Enumerable.Range(0, threads).Select(_ => deserializer.DeserializeResource(documentJson)).ToArray();
        var validators = Enumerable.Range(0, threads).Select(_ => new Validator(resolver, terminology)).ToArray();

        // Warm each validator once, one at a time (first use compiles schemas; Firely's snapshot work is not safe
        // for concurrent first use), and check that the document is valid against the core spec at all.
        var clock = Stopwatch.StartNew();
        string? problem = null;
        foreach (var (validator, document) in validators.Zip(documents))
        {
            var outcome = validator.Validate(document);
            if (!outcome.Success)
            {
                problem = $"the standard document is not valid against the core spec ({outcome.Errors} errors, {outcome.Fatals} fatal)";
            }
        }

        return new ValidateBaseline(documents, validators, clock.Elapsed.TotalSeconds, problem);
    }

    /// <summary>Validates on every core for <paramref name="warmUp"/>, then counts for <paramref name="measure"/>.</summary>
    public Result Measure(TimeSpan warmUp, TimeSpan measure)
    {
        var threads = Threads;
        var validators = _validators;
        var documents = _documents;
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(measure.TotalSeconds * Stopwatch.Frequency);
        var windowMiddle = LoadGenerator.Middle(windowStart, windowEnd);
        var counts = new long[threads];
        var firstHalf = new long[threads];
        var errors = new int[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            long counted = 0, counted1 = 0;
            while (true)
            {
                var outcome = validators[t].Validate(documents[t]);
                var now = Stopwatch.GetTimestamp();
                if (now >= windowEnd)
                {
                    break;
                }

                if (!outcome.Success)
                {
                    errors[t]++;
                }

                if (now >= windowStart)
                {
                    counted++;
                    counted1 += now < windowMiddle ? 1 : 0;
                }
            }

            counts[t] = counted;
            firstHalf[t] = counted1;
        }) { IsBackground = true, Name = $"validate-{t}" }).ToList();
        workers.ForEach(w => w.Start());
        // This process's CPU time over the window: the validators are all it runs then.
        using var self = Process.GetCurrentProcess();
        var (cpu1, cpu2) = LoadGenerator.SampleCpuAsync([new CpuProbe("validate", () => { self.Refresh(); return self.TotalProcessorTime; })], windowStart, windowEnd)
            .GetAwaiter().GetResult()["validate"];
        workers.ForEach(w => w.Join());

        var total = counts.Sum();
        var first = firstHalf.Sum();
        var rps = total / measure.TotalSeconds;
        var drift = first > 0 && total > first ? LoadResult.Drift(cpu1.TotalMilliseconds / first, cpu2.TotalMilliseconds / (total - first)) : double.NaN;
        return new Result(threads, rps, total == 0 ? double.NaN : threads * measure.TotalMilliseconds / total,
            total == 0 ? double.NaN : (cpu1 + cpu2).TotalMilliseconds / total, drift, errors.Sum());
    }
}
