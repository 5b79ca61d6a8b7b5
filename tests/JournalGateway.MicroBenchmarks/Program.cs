using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using JournalGateway.MicroBenchmarks.Growth;

// Two modes in one program: BenchmarkDotNet's micro benchmarks (its own arguments: --filter, --job, ...), and the
// growth run (--growth, --growth-max N), which seeds SQLite files in bulk and measures at each size.
if (args.Contains("--growth"))
{
    return await GrowthRun.RunAsync(args);
}

// In process by default: the out-of-process toolchain rebuilds the whole solution into a generated project first,
// which takes minutes on a shared 2-core machine. --out-of-process asks for it (one process per benchmark, the
// steadiest figures), with room for that build.
var outOfProcess = args.Contains("--out-of-process");
var benchmarkArgs = args.Where(a => a != "--out-of-process").ToList();
if (!outOfProcess && !benchmarkArgs.Contains("--inProcess"))
{
    benchmarkArgs.Add("--inProcess");
}

var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(GrowthRun).Assembly).Run([.. benchmarkArgs], config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
