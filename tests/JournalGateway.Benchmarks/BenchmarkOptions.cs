using System.Globalization;

namespace JournalGateway.Benchmarks;

/// <summary>Command line: <c>[--quick] [--duration S] [--warmup S] [--only a,b] [--write-connections N] [--read-connections N] [--fresh-starts N] [--gateway-env NAME=VALUE]... [--keep]</c>.</summary>
internal sealed record BenchmarkOptions
{
    public static readonly string[] Scenarios = ["noop", "validate", "write", "read", "mix"];

    public const string Usage = """
        JournalGateway benchmark (issue 7): noop Kestrel and bare Firely baselines, then the gateway under load.
          --quick                 short run (about four minutes)
          --duration SECONDS      measured seconds per scenario (default: gateway 12 quick / 60 full, baselines 10 / 30)
          --warmup SECONDS        unmeasured seconds before each scenario (default quick: gateway 8, noop 3, validate 10,
                                  first gateway mix 50; full: 10, 10, 20, 60; given: that, and twice it for the mix)
          --only LIST             some of noop,validate,write,read,mix (comma-separated); the rest print 0 / NaN
          --write-connections N   concurrent writers (default 4 per core)
          --read-connections N    concurrent readers, also for the mix and the noop baseline (default 8 per core)
          --fresh-starts N        extra starts of the gateway before the main one, timing the first write after ready
                                  against the tenth (issue 3; default 2 quick, 4 full; 0 for none)
          --gateway-env NAME=VALUE
                                  an environment variable for the gateway's process alone (repeatable), e.g. a runtime
                                  setting to compare; the regional store, whose CPU per request then measures the
                                  machine's speed, does not get it
          --keep                  keep the run folder (SQLite files, server logs) even when all went well
        """;

    public bool Quick { get; init; }

    public TimeSpan Measure { get; init; }

    public TimeSpan BaselineMeasure { get; init; }

    public TimeSpan WarmUp { get; init; }

    public TimeSpan BaselineWarmUp { get; init; }

    /// <summary>Firely's validator takes long to reach its steady speed (tiered JIT): a longer warm-up of its own.</summary>
    public TimeSpan ValidateWarmUp { get; init; }

    /// <summary>The unmeasured mix after the gateway starts, before the first timed scenario.</summary>
    public TimeSpan GatewayWarmUp { get; init; }

    public HashSet<string> Only { get; init; } = new(Scenarios, StringComparer.Ordinal);

    public int WriteConnections { get; init; } = 4 * Environment.ProcessorCount;

    public int ReadConnections { get; init; } = 8 * Environment.ProcessorCount;

    public bool Keep { get; init; }

    /// <summary>Environment variables for the gateway's process only (<c>--gateway-env</c>), on top of the run's own.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Starts of the gateway before the main one, each timing its first write after ready against the tenth.</summary>
    public int FreshStarts { get; init; }

    public bool Runs(string scenario) => Only.Contains(scenario);

    public bool NeedsGateway => Runs("write") || Runs("read") || Runs("mix");

    /// <summary>Parses the arguments; null with a message when they are wrong.</summary>
    public static (BenchmarkOptions? Options, string? Error) Parse(string[] args)
    {
        var quick = false;
        var keep = false;
        double? duration = null, warmUp = null;
        int? writers = null, readers = null, freshStarts = null;
        HashSet<string>? only = null;
        var gatewayEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            try
            {
                switch (args[i])
                {
                    case "--quick":
                        quick = true;
                        break;
                    case "--keep":
                        keep = true;
                        break;
                    case "--duration":
                        duration = Positive(double.Parse(Next(), CultureInfo.InvariantCulture), "--duration");
                        break;
                    case "--warmup":
                        warmUp = double.Parse(Next(), CultureInfo.InvariantCulture);
                        break;
                    case "--only":
                        only = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                        if (only.FirstOrDefault(s => !Scenarios.Contains(s)) is { } unknown)
                        {
                            return (null, $"--only: unknown scenario '{unknown}' (use {string.Join(", ", Scenarios)}).");
                        }

                        break;
                    case "--write-connections":
                        writers = (int)Positive(int.Parse(Next(), CultureInfo.InvariantCulture), "--write-connections");
                        break;
                    case "--read-connections":
                        readers = (int)Positive(int.Parse(Next(), CultureInfo.InvariantCulture), "--read-connections");
                        break;
                    case "--fresh-starts":
                        freshStarts = int.Parse(Next(), CultureInfo.InvariantCulture);
                        if (freshStarts < 0)
                        {
                            return (null, "--fresh-starts must be 0 or more.");
                        }

                        break;
                    case "--gateway-env":
                        var setting = Next();
                        var equals = setting.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            return (null, $"--gateway-env: expected NAME=VALUE, got '{setting}'.");
                        }

                        gatewayEnvironment[setting[..equals]] = setting[(equals + 1)..];
                        break;
                    case "--help" or "-h":
                        return (null, string.Empty);
                    default:
                        return (null, $"Unknown argument '{args[i]}'.");
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                return (null, ex.Message);
            }
        }

        // Quick spends more of its four minutes warming than measuring: a cold JIT skewed the ratios more than a
        // short window does (CPU per validation fell from about 20 ms to 8 ms between a 3 s and a 10 s warm-up). The
        // gateway needs most: tiered JIT (tier 0, instrumented, tier 1) still took 0.6-0.8 s of CPU per second 30 s into
        // the load and 0.01 s after 70 s (dotnet-counters, dotnet.jit.compilation.time), and a write measured after 60 s
        // of warm-up cost 7 ms of gateway CPU against 12-16 ms after 25 s.
        var measure = TimeSpan.FromSeconds(duration ?? (quick ? 12 : 60));
        var options = new BenchmarkOptions
        {
            Quick = quick,
            Keep = keep,
            FreshStarts = freshStarts ?? (quick ? 2 : 4),
            Measure = measure,
            BaselineMeasure = duration is null ? TimeSpan.FromSeconds(quick ? 10 : 30) : measure,
            WarmUp = TimeSpan.FromSeconds(warmUp ?? (quick ? 8 : 10)),
            BaselineWarmUp = TimeSpan.FromSeconds(warmUp ?? (quick ? 3 : 10)),
            ValidateWarmUp = TimeSpan.FromSeconds(warmUp ?? (quick ? 10 : 20)),
            GatewayWarmUp = TimeSpan.FromSeconds(warmUp is { } w ? 2 * w : (quick ? 50 : 60)),
            Only = only ?? new HashSet<string>(Scenarios, StringComparer.Ordinal),
            GatewayEnvironment = gatewayEnvironment,
        };
        return (options with
        {
            WriteConnections = writers ?? options.WriteConnections,
            ReadConnections = readers ?? options.ReadConnections,
        }, null);
    }

    private static double Positive(double value, string name) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive.");
}
