using System.Runtime.InteropServices;
using JournalGateway.Benchmarks;

// The hidden child mode: this exe as the noop baseline server.
if (args.Length == 2 && args[0] == NoopServer.Argument)
{
    return await NoopServer.RunAsync(args[1]);
}

var (options, error) = BenchmarkOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(string.IsNullOrEmpty(error) ? BenchmarkOptions.Usage : $"{error}{Environment.NewLine}{BenchmarkOptions.Usage}");
    return string.IsNullOrEmpty(error) ? 0 : 64;
}

// Children die with the benchmark, however it ends.
// ProcessExit alone does not cover SIGTERM and SIGHUP (seen: children outliving a SIGTERM), hence the signals.
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
Console.CancelKeyPress += (_, _) => ChildProcess.KillAll();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ChildProcess.KillAll());
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => ChildProcess.KillAll());
try
{
    return await new BenchmarkRun(options).RunAsync();
}
finally
{
    ChildProcess.KillAll();
}
