using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace JournalGateway.Benchmarks;

/// <summary>
/// A server under test as its own process (<c>dotnet X.dll</c> or this exe), its output copied into a log file. Every
/// child is killed when the benchmark ends, however it ends (see <see cref="KillAll"/>).
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly List<ChildProcess> Running = [];
    private readonly Process _process;
    private readonly Task _copyOut;
    private readonly Task _copyErr;
    private readonly FileStream _log;

    private ChildProcess(string name, Process process, FileStream log, long startedAt)
    {
        Name = name;
        _process = process;
        _log = log;
        StartedAt = startedAt;
        // Raw byte copies, not line events: the gateway logs a line per request, and parsing them would load the cores.
        _copyOut = process.StandardOutput.BaseStream.CopyToAsync(log);
        _copyErr = process.StandardError.BaseStream.CopyToAsync(log);
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the process has used so far (user and system), or zero once it has exited.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                _process.Refresh();
                return _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var child = new ChildProcess(name, process, log, startedAt);
        lock (Running)
        {
            Running.Add(child);
        }

        return child;
    }

    /// <summary>
    /// Polls <paramref name="url"/> every 20 ms until it answers 200 and returns the seconds since the process was
    /// started; throws when the process exits or the timeout passes.
    /// </summary>
    public async Task<double> WaitUntilOkAsync(Uri url, TimeSpan timeout)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        while (Stopwatch.GetElapsedTime(StartedAt) < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(StartedAt).TotalSeconds;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{Name} did not answer 200 on {url.AbsolutePath} within {timeout.TotalSeconds:0} s.");
    }

    /// <summary>Peak resident memory (VmHWM) in MB, or NaN where /proc is not available.</summary>
    public double PeakResidentMegabytes() => Memory("VmHWM:");

    /// <summary>Resident memory now (VmRSS) in MB, or NaN where /proc is not available.</summary>
    public double ResidentMegabytes() => Memory("VmRSS:");

    private double Memory(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line[field.Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                    return kilobytes / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return double.NaN;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        try
        {
            Task.WaitAll([_copyOut, _copyErr], TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // A broken pipe at kill time: the log is only for diagnosis.
        }

        _log.Dispose();
        _process.Dispose();
        lock (Running)
        {
            Running.Remove(this);
        }
    }

    /// <summary>Kills every child still running: on exit, Ctrl+C, SIGTERM and unhandled exceptions.</summary>
    public static void KillAll()
    {
        ChildProcess[] children;
        lock (Running)
        {
            children = [.. Running];
        }

        foreach (var child in children)
        {
            try
            {
                child.Dispose();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or AggregateException)
            {
                // Best effort on the way out.
            }
        }
    }
}
