using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Support;

/// <summary>
/// The gateway as a real child process (<c>dotnet JournalGateway.dll</c>), so that a test can kill it with SIGKILL
/// or run several instances. Listens on a free loopback port.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new GatewayClient(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) });
    }

    public Uri Address { get; }

    public GatewayClient Client { get; }

    /// <summary>Settings that make delivery quick to observe in a test (short backoff, polling and breaker).</summary>
    public static Dictionary<string, string> FastDelivery(Uri regionalStore) => new()
    {
        ["RegionalRecord:Cosmic:BaseAddress"] = regionalStore.ToString(),
        ["RegionalRecord:Cosmic:AttemptTimeout"] = "00:00:02",
        ["RegionalRecord:Cosmic:TotalTimeout"] = "00:00:05",
        ["RegionalRecord:Cosmic:RetryBaseDelay"] = "00:00:00.050",
        ["RegionalRecord:Cosmic:MaxRetryAttempts"] = "2",
        ["RegionalRecord:Cosmic:BreakerBreakDuration"] = "00:00:01",
        ["Delivery:BaseDelay"] = "00:00:00.100",
        ["Delivery:MaxDelay"] = "00:00:00.500",
        ["Delivery:PollInterval"] = "00:00:00.100",
        ["Delivery:InlineWait"] = "00:00:00",
        ["Authentication:DevIssuer:Enabled"] = "true",
    };

    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var directory = AppContext.BaseDirectory;
        var dll = Path.Combine(directory, "JournalGateway.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The gateway's build output is expected beside the test assembly (project reference).", dll);
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(directory);
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var gateway = new GatewayProcess(process, address);
        process.OutputDataReceived += (_, e) => gateway.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, in-flight deliveries cut off.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public Task<string> NurseTokenAsync() => Client.TokenAsync(TestIdentities.VasterasNurse, TestIdentities.WriteAndReadNotes);

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Client.Http.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode} while starting:{Environment.NewLine}{RecentOutput()}");
            }

            try
            {
                using var ready = await Client.Http.GetAsync("healthz/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await KillAsync();
        throw new TimeoutException($"The gateway was not ready within {StartTimeout}:{Environment.NewLine}{RecentOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
