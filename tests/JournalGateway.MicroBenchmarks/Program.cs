using BenchmarkDotNet.Running;
using JournalGateway.MicroBenchmarks.Growth;

// Two modes in one program: BenchmarkDotNet's micro benchmarks (its own arguments: --filter, --job, ...), and the
// growth run (--growth, --growth-max N), which seeds SQLite files in bulk and measures at each size.
if (args.Contains("--growth"))
{
    return await GrowthRun.RunAsync(args);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(GrowthRun).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
