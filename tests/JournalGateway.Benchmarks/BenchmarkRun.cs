using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace JournalGateway.Benchmarks;

/// <summary>One benchmark run: the baselines, then the gateway, then the table and the summary line.</summary>
internal sealed class BenchmarkRun(BenchmarkOptions options)
{
    private const int ExitRequestErrors = 1;
    private const int ExitStartFailure = 2;

    /// <summary>A change of CPU per request within one window beyond which the run says it was not steady.</summary>
    private const double DriftWarning = 0.20;

    /// <summary>A difference between a baseline's two measurements (around its gateway scenario) beyond which the run says so.</summary>
    private const double BaselineChangeWarning = 0.20;

    private readonly List<LoadResult> _loads = [];
    private readonly List<string> _problems = [];
    private ValidateBaseline? _validator;
    // Each measurement of the bare validator: before the write scenario and after it (or once, without the gateway).
    private readonly List<(string When, ValidateBaseline.Result Result)> _validates = [];
    // Each noop GET measurement: before the read scenario and after it (or once).
    private readonly List<(string When, LoadResult Load)> _noopGets = [];
    // Issue 3's start-up figure from every fresh start of the run: (first write after ready, tenth write).
    private readonly List<(double First, double Tenth)> _startWrites = [];
    // The gateway's and the store's CPU time together, once they run: a baseline waits until they are idle.
    private Func<TimeSpan>? _serversCpu;
    private double _readySeconds = double.NaN;
    private double _rssMegabytes = double.NaN;

    public async Task<int> RunAsync()
    {
        var layout = RepoLayout.Locate();
        var runDirectory = Path.Combine(Path.GetTempPath(), $"journalgateway-bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Directory.CreateDirectory(runDirectory);
        var samples = new ErrorSamples(Path.Combine(runDirectory, "failed-responses.txt"));
        var documents = NoteDocuments.Load();

        Say($"JournalGateway benchmark{(options.Quick ? " (quick)" : string.Empty)}: {Environment.ProcessorCount} cores, servers built in {layout.Configuration}, run folder {runDirectory}");
        Say($"load average of the machine before the run: {LoadAverage()} (what else runs here weighs on every number)");
        if (options.GatewayEnvironment.Count > 0)
        {
            Say($"gateway environment (its process only): {string.Join(" ", options.GatewayEnvironment.Select(e => $"{e.Key}={e.Value}"))}");
        }

        if (layout.Configuration != "Release")
        {
            Say($"WARNING: built in {layout.Configuration}; run with -c Release for numbers that mean anything.");
        }

        var exit = 0;
        try
        {
            exit = await RunScenariosAsync(layout, runDirectory, documents, samples);
        }
        finally
        {
            ChildProcess.KillAll();
        }

        if (_loads.Any(l => l.TotalErrors > 0))
        {
            _problems.Add($"requests failed: see the errors column; the first failed answers are in {samples.Path}");
        }

        if (exit == 0 && _problems.Count > 0)
        {
            exit = ExitRequestErrors;
        }

        if (exit == 0 && !options.Keep)
        {
            TryDelete(runDirectory);
        }
        else
        {
            Say($"run folder kept for diagnosis: {runDirectory}");
        }

        Say($"load average of the machine after the run: {LoadAverage()}");
        Report();
        return exit;
    }

    /// <summary>
    /// Issue 3's figure needs more than one start: the regional store and the gateway are started afresh
    /// <see cref="BenchmarkOptions.FreshStarts"/> times (each in a folder of its own, stopped before the next), and each
    /// time the same twelve seeding writes as the main start are timed. The main start adds one more sample.
    /// </summary>
    private async Task<int?> MeasureFreshStartsAsync(RepoLayout layout, string runDirectory, NoteDocuments documents, ErrorSamples samples)
    {
        for (var start = 1; start <= options.FreshStarts; start++)
        {
            var directory = Directory.CreateDirectory(Path.Combine(runDirectory, $"fresh-start-{start}")).FullName;
            Say($"fresh start {start} of {options.FreshStarts} (first write after ready against the tenth)");
            using var servers = await StartServersAsync(layout, directory);
            if (servers is null)
            {
                return ExitStartFailure;
            }

            var scenarios = new GatewayScenarios(servers.Address, documents, samples);
            await scenarios.AuthenticateAsync();
            if (await scenarios.SeedAndVerifyReadAsync() is { } problem)
            {
                _problems.Add($"fresh start {start}: {problem}");
                return ExitRequestErrors;
            }

            _startWrites.Add((scenarios.SeedMilliseconds[0], scenarios.SeedMilliseconds[9]));
            Say($"  ready {servers.ReadySeconds:0.00} s; first write {scenarios.SeedMilliseconds[0]:0.0} ms, tenth {scenarios.SeedMilliseconds[9]:0.0} ms");
        }

        return null;
    }

    /// <summary>Starts the regional store and the gateway in <paramref name="directory"/>; null (the cause recorded) if they do not start.</summary>
    private async Task<GatewayUnderTest?> StartServersAsync(RepoLayout layout, string directory)
    {
        try
        {
            return await GatewayUnderTest.StartAsync(layout, directory, options.GatewayEnvironment);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException or IOException or System.ComponentModel.Win32Exception)
        {
            _problems.Add($"START FAILED: {ex.Message} (logs in {directory})");
            ChildProcess.KillAll(); // flushes their logs
            if ((FirstExceptionLine(Path.Combine(directory, "gateway.log")) ?? FirstExceptionLine(Path.Combine(directory, "regional-store.log"))) is { } cause)
            {
                _problems.Add($"  {cause}");
            }

            return null;
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Each baseline is measured right before the gateway scenario it is the denominator of and again right after it
    /// (validate around write, noop GET around read), and the ratio uses the mean of the two: this machine's speed moves
    /// by a third within minutes with what else runs on it, and a ratio whose halves met different machines says
    /// nothing. When the two measurements differ by more than a fifth, the run says so.
    /// </summary>
    private async Task<int> RunScenariosAsync(RepoLayout layout, string runDirectory, NoteDocuments documents, ErrorSamples samples)
    {
        using var noop = options.Runs("noop") ? await StartNoopAsync(runDirectory) : null;

        if (options.Runs("validate"))
        {
            PrepareValidate(documents);
        }

        if (!options.NeedsGateway)
        {
            await MeasureValidateAsync("alone", options.ValidateWarmUp);
            if (noop is not null)
            {
                await RunNoopAsync(noop, "GET");
                await RunNoopAsync(noop, "POST");
            }

            return 0;
        }

        if (await MeasureFreshStartsAsync(layout, runDirectory, documents, samples) is { } exit)
        {
            return exit;
        }

        Say("gateway: starting the regional store and the gateway (Release builds, SQLite in the run folder)");
        if (await StartServersAsync(layout, runDirectory) is not { } servers)
        {
            return ExitStartFailure;
        }

        using (servers)
        {
            _readySeconds = servers.ReadySeconds;
            Say($"  gateway ready {servers.ReadySeconds:0.00} s after its process started (pid {servers.Gateway.Id})");

            var scenarios = new GatewayScenarios(servers.Address, documents, samples);
            await scenarios.AuthenticateAsync();
            if (await scenarios.SeedAndVerifyReadAsync() is { } seedProblem)
            {
                _problems.Add($"read setup: {seedProblem}");
                return ExitRequestErrors;
            }

            Say($"  {GatewayScenarios.SeededNotes} notes written for the read patient; a search returns a full page of {GatewayScenarios.PageSize} Compositions");
            _startWrites.Add((scenarios.SeedMilliseconds[0], scenarios.SeedMilliseconds[9]));
            Say($"  the first of them, the first write after ready, took {scenarios.SeedMilliseconds[0]:0.0} ms; the tenth {scenarios.SeedMilliseconds[9]:0.0} ms");

            CpuProbe[] probes =
            [
                new("server", () => servers.Gateway.CpuTime),
                new("store", () => servers.Store.CpuTime),
                new("generator", SelfCpuTime),
            ];

            async Task<bool> RunGatewayScenarioAsync(string name, int connections, SendRequest send)
            {
                Say($"{name}: {connections} connections, warm-up {options.WarmUp.TotalSeconds:0} s, measured {options.Measure.TotalSeconds:0} s");
                var result = await LoadGenerator.RunAsync(name, servers.Address, connections, options.WarmUp, options.Measure, probes, send);
                _loads.Add(result);
                SayLoad(result);
                Say($"  gateway resident memory now {servers.Gateway.ResidentMegabytes():0} MB, peak so far {servers.Gateway.PeakResidentMegabytes():0} MB");
                if (servers.Gateway.HasExited || servers.Store.HasExited)
                {
                    _problems.Add($"a server process exited during '{name}' (logs in {runDirectory})");
                    return false;
                }

                // Notes left pending would be delivered during the next scenario and weigh on it.
                await WaitForDeliveriesAsync(servers.Address);
                return true;
            }

            // Every endpoint the scenarios use, warm before any of them is timed: a scenario's own warm-up alone leaves
            // the code it reaches first (tiered JIT, pools, caches) colder than the code reached later.
            var warmUp = options.GatewayWarmUp;
            Say($"gateway warm-up: the mix for {warmUp.TotalSeconds:0} s, not measured");
            var warm = await LoadGenerator.RunAsync("warm-up", servers.Address, options.ReadConnections, warmUp, TimeSpan.FromMilliseconds(1), [], scenarios.Mix);
            if (warm.TotalErrors > 0)
            {
                _loads.Add(warm);
            }

            await WaitForDeliveriesAsync(servers.Address);
            _serversCpu = () => servers.Gateway.CpuTime + servers.Store.CpuTime;

            await MeasureValidateAsync("before write", options.ValidateWarmUp);
            if (options.Runs("write"))
            {
                if (!await RunGatewayScenarioAsync("write", options.WriteConnections, scenarios.Write))
                {
                    return ExitStartFailure;
                }

                await MeasureValidateAsync("after write", options.BaselineWarmUp);
            }

            if (noop is not null)
            {
                await RunNoopAsync(noop, "GET");
            }

            if (options.Runs("read"))
            {
                if (!await RunGatewayScenarioAsync("read", options.ReadConnections, scenarios.Read))
                {
                    return ExitStartFailure;
                }

                if (noop is not null)
                {
                    await RunNoopAsync(noop, "GET", "after read");
                }
            }

            if (noop is not null)
            {
                await RunNoopAsync(noop, "POST");
            }

            if (options.Runs("mix") && !await RunGatewayScenarioAsync("mix 10% write", options.ReadConnections, scenarios.Mix))
            {
                return ExitStartFailure;
            }

            _rssMegabytes = servers.Gateway.PeakResidentMegabytes();
            Say($"  peak resident memory: gateway {_rssMegabytes:0} MB, regional store {servers.Store.PeakResidentMegabytes():0} MB");
            if (!scenarios.DeliveryStatuses.IsEmpty)
            {
                Say($"  X-Delivery-Status of the 201s: {string.Join(", ", scenarios.DeliveryStatuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
            }
        }

        return 0;
    }

    private void PrepareValidate(NoteDocuments documents)
    {
        Say($"validate baseline: {Environment.ProcessorCount} bare Firely Validators, each validating the standard note document once");
        _validator = ValidateBaseline.Prepare(documents.Original);
        Say($"  first validation of {_validator.Threads} validators took {_validator.FirstValidationSeconds:0.00} s");
        if (_validator.Problem is not null)
        {
            _problems.Add($"validate: {_validator.Problem}");
        }

        // The spec resolver's caches are large and stay alive for the later measurements: collected once here, they
        // sit in the oldest generation, which the load generator's frequent young collections do not visit.
        GC.Collect();
    }

    /// <summary>Measures the prepared validators on every core, once the servers are idle (nothing else of the run is busy then).</summary>
    private async Task MeasureValidateAsync(string when, TimeSpan warmUp)
    {
        if (_validator is null)
        {
            return;
        }

        await WaitUntilServersIdleAsync();

        Say($"validate {when}: bare Firely Validator on {_validator.Threads} threads, warm-up {warmUp.TotalSeconds:0} s, measured {options.BaselineMeasure.TotalSeconds:0} s");
        var result = _validator.Measure(warmUp, options.BaselineMeasure);
        _validates.Add((when, result));
        Say($"  validate {when}: {result.Rps:0} validations/s, {result.CpuMilliseconds:0.00} CPU ms each");
    }

    private static async Task<NoopTarget> StartNoopAsync(string runDirectory)
    {
        var self = typeof(BenchmarkRun).Assembly.Location;
        var port = GatewayUnderTest.FreePort();
        var noop = ChildProcess.Start("the noop server", "dotnet", [self, NoopServer.Argument, port.ToString(CultureInfo.InvariantCulture)],
            AppContext.BaseDirectory, new Dictionary<string, string>(), Path.Combine(runDirectory, "noop.log"));
        var address = new Uri($"http://127.0.0.1:{port}");
        await noop.WaitUntilOkAsync(new Uri(address, "/healthz/ready"), TimeSpan.FromSeconds(60));
        return new NoopTarget(noop, address);
    }

    private async Task RunNoopAsync(NoopTarget noop, string method, string? when = null)
    {
        await WaitUntilServersIdleAsync();
        var body = NoopBody();
        var probes = new CpuProbe[] { new("server", () => noop.Process.CpuTime), new("generator", SelfCpuTime) };
        Say($"noop {method}{(when is null ? string.Empty : $" {when}")}{(method == "POST" ? $" of {body.Length} bytes of JSON" : string.Empty)}: {options.ReadConnections} connections, warm-up {options.BaselineWarmUp.TotalSeconds:0} s, measured {options.BaselineMeasure.TotalSeconds:0} s");
        var result = method == "GET"
            ? await LoadGenerator.RunAsync(when is null ? "noop GET" : $"noop GET {when}", noop.Address, options.ReadConnections, options.BaselineWarmUp, options.BaselineMeasure, probes, async (client, _, _, ct) =>
            {
                using var response = await client.GetAsync("/noop", HttpCompletionOption.ResponseHeadersRead, ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                return new RequestResult("noop", response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            })
            : await LoadGenerator.RunAsync("noop POST 4KB", noop.Address, options.ReadConnections, options.BaselineWarmUp, options.BaselineMeasure, probes, async (client, _, _, ct) =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync("/noop", content, ct);
                return new RequestResult("noop", response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            });
        _loads.Add(result);
        if (method == "GET")
        {
            _noopGets.Add((when ?? "before read", result));
        }

        SayLoad(result);
    }

    /// <summary>
    /// Waits (at most 30 s) until the gateway and the regional store together use less than 5 % of a core over half a
    /// second. After load they still work for a while (the runtime compiling hot code at its top tier, deliveries, SQLite
    /// checkpoints): the first runs measuring the validator right after the gateway's warm-up mix saw it 10-128 % slower
    /// than right after the write scenario.
    /// </summary>
    private async Task WaitUntilServersIdleAsync()
    {
        if (_serversCpu is null)
        {
            return;
        }

        var interval = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        var last = _serversCpu();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(interval);
            var now = _serversCpu();
            if (now - last < interval * 0.05)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(1))
                {
                    Say($"  gateway and regional store idle after {clock.Elapsed.TotalSeconds:0.0} s");
                }

                return;
            }

            last = now;
        }

        Say("  WARNING: the gateway and the regional store are still busy 30 s after the last scenario; the baseline runs beside them");
    }

    /// <summary>Waits (at most 30 s) until the gateway's outbox has nothing pending or delivering, from /metrics.</summary>
    private static async Task WaitForDeliveriesAsync(Uri gateway)
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var metrics = await client.GetStringAsync("/metrics");
            var undelivered = metrics.Split('\n')
                .Where(l => l.StartsWith("journalgateway_outbox_depth{", StringComparison.Ordinal)
                    && (l.Contains("state=\"pending\"", StringComparison.Ordinal) || l.Contains("state=\"delivering\"", StringComparison.Ordinal)))
                .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
                .ToList();
            if (undelivered.Count == 0 && clock.Elapsed > TimeSpan.FromSeconds(2))
            {
                // The gauge lists no such state: nothing to wait for (or the metric is gone; then do not wait).
                return;
            }

            if (undelivered.Count > 0 && undelivered.Sum() == 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(1))
                {
                    Say($"  outbox drained after {clock.Elapsed.TotalSeconds:0.0} s");
                }

                return;
            }

            await Task.Delay(250);
        }

        Say("  WARNING: notes still undelivered 30 s after the scenario; the next one runs beside their delivery");
    }

    /// <summary>The first line of a start-up log that names an exception (start-up logs hold no patient data).</summary>
    private static string? FirstExceptionLine(string log)
    {
        try
        {
            var line = File.Exists(log) ? File.ReadLines(log).FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) : null;
            return line is null ? null : line[..Math.Min(line.Length, 400)];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, where /proc has them.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static TimeSpan SelfCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private void Report()
    {
        var write = _loads.FirstOrDefault(l => l.Name == "write")?.Kind("write");
        var read = _loads.FirstOrDefault(l => l.Name == "read")?.Kind("read");

        var table = new StringBuilder();
        table.AppendLine();
        // CPU ms per request of the server (gateway or noop), the regional store and this load generator: steadier than
        // rps on a shared machine, and where an optimisation shows first.
        table.AppendLine(CultureInfo.InvariantCulture,
            $"{"scenario",-22} {"conns",6} {"rps",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"cpu ms/req: server",18} {"drift",6} {"store",6} {"loadgen",7}");
        foreach (var load in _loads)
        {
            var rows = load.Kinds.Count > 1
                ? [("  all", load.Total!), .. load.Kinds.Select(k => ($"  {k.Kind}", k))]
                : new List<(string, KindResult)> { (string.Empty, load.Total!) };
            foreach (var (suffix, kind) in rows)
            {
                var cpu = ReferenceEquals(kind, load.Total)
                    ? string.Create(CultureInfo.InvariantCulture, $" {Cpu(load, "server"),18} {Percent(load.CpuDrift("server")),6} {Cpu(load, "store"),6} {Cpu(load, "generator"),7}")
                    : string.Empty;
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"{load.Name + suffix,-22} {load.Connections,6} {kind.Rps,9:0} {kind.P50,8:0.00} {kind.P90,8:0.00} {kind.P99,8:0.00} {kind.Max,8:0.00} {kind.Errors,7}{cpu}");
            }
        }

        foreach (var (when, validate) in _validates)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"{"validate " + when,-22} {validate.Threads + " thr",6} {validate.Rps,9:0} {"",8} {"",8} {"",8} {"",8} {validate.Errors,7} {validate.CpuMilliseconds,18:0.00} {Percent(validate.CpuDrift),6} {"",6} {"",7}");
        }

        // The baselines' means: each was measured before its gateway scenario and again after it.
        var writeRps = write?.Rps ?? 0;
        var validateRps = _validates.Count == 0 ? 0 : _validates.Average(v => v.Result.Rps);
        var readRps = read?.Rps ?? 0;
        var noopRps = _noopGets.Count == 0 ? 0 : _noopGets.Average(n => n.Load.Total?.Rps ?? 0);
        var writeVsValidate = write is null || validateRps <= 0 ? double.NaN : writeRps / validateRps;
        var readVsNoop = read is null || noopRps <= 0 ? double.NaN : readRps / noopRps;
        var p99Write = write?.P99 ?? double.NaN;
        var p99Read = read?.P99 ?? double.NaN;

        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"{"target",-22} {"value",9} {"goal",10}  result");
        Target(table, "write_vs_validate", writeVsValidate, ">=", 1.0);
        Target(table, "read_vs_noop", readVsNoop, ">=", 0.10);
        Target(table, "p99_write_ms", p99Write, "<=", 50);
        Target(table, "p99_read_ms", p99Read, "<=", 20);
        Target(table, "ready_s", _readySeconds, "<=", 5);
        Target(table, "rss_mb", _rssMegabytes, "<=", 400);

        // Not targets: the same two ratios from the servers' CPU time per request (the regional store and the load
        // generator left out), which other work on a shared machine disturbs far less than requests per second.
        var writeLoad = _loads.FirstOrDefault(l => l.Name == "write");
        var readLoad = _loads.FirstOrDefault(l => l.Name == "read");
        var validateCpu = _validates.Count == 0 ? double.NaN : _validates.Average(v => v.Result.CpuMilliseconds);
        var noopCpu = _noopGets.Count == 0 ? double.NaN : _noopGets.Average(n => n.Load.CpuMillisecondsPerRequest("server"));
        var writeVsValidateCpu = validateCpu / (writeLoad?.CpuMillisecondsPerRequest("server") ?? double.NaN);
        var readVsNoopCpu = noopCpu / (readLoad?.CpuMillisecondsPerRequest("server") ?? double.NaN);
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"by server CPU per request (information, not targets): write_vs_validate_cpu={writeVsValidateCpu:0.00} read_vs_noop_cpu={readVsNoopCpu:0.00}");
        // Issue 3's start-up target (information): the first write after ready against the tenth, the median over the
        // run's fresh starts, since one sample of either varies by a factor of two with what else the machine does.
        var firsts = string.Join(" ", _startWrites.Select(w => w.First.ToString("0", CultureInfo.InvariantCulture)));
        var tenths = string.Join(" ", _startWrites.Select(w => w.Tenth.ToString("0", CultureInfo.InvariantCulture)));
        table.AppendLine(CultureInfo.InvariantCulture,
            $"first write after ready (issue 3: not slower than the tenth), median of {_startWrites.Count} starts: first_write_ms={Median(_startWrites.Select(w => w.First)):0.0} tenth_write_ms={Median(_startWrites.Select(w => w.Tenth)):0.0} (firsts {firsts}; tenths {tenths})");

        var drifting = _loads.Where(l => Math.Abs(l.CpuDrift("server")) > DriftWarning).Select(l => (l.Name, Drift: l.CpuDrift("server"))).ToList();
        drifting.AddRange(_validates.Where(v => Math.Abs(v.Result.CpuDrift) > DriftWarning).Select(v => ($"validate {v.When}", v.Result.CpuDrift)));

        foreach (var (name, drift) in drifting)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"NOTE: {name}: the server's CPU per request changed by {Percent(drift)} from the first half of the window to the second (still warming up, or the machine's load changed); a longer run is steadier.");
        }

        BaselineChanged(table, "validate", "write_vs_validate", [.. _validates.Select(v => (v.When, v.Result.Rps))]);
        BaselineChanged(table, "noop GET", "read_vs_noop", [.. _noopGets.Select(n => (n.When, n.Load.Total?.Rps ?? 0))]);

        foreach (var load in _loads.Where(l => l.TotalErrors > 0))
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"ERRORS in {load.Name}: {string.Join(", ", load.Errors.OrderBy(e => e.Key.Kind, StringComparer.Ordinal).Select(e => $"{e.Key.Kind} {e.Key.Status} x{e.Value}"))}");
        }

        if (_problems.Count > 0)
        {
            table.AppendLine();
            table.AppendLine("!!!!!!!! THIS RUN IS NOT CLEAN !!!!!!!!");
            foreach (var problem in _problems)
            {
                table.AppendLine(CultureInfo.InvariantCulture, $"!!! {problem}");
            }
        }

        Console.Write(table.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"write_rps={Whole(writeRps)} validate_rps={Whole(validateRps)} write_vs_validate={writeVsValidate:0.00} read_rps={Whole(readRps)} noop_get_rps={Whole(noopRps)} read_vs_noop={readVsNoop:0.00} p99_write_ms={p99Write:0.00} p99_read_ms={p99Read:0.00} ready_s={_readySeconds:0.00} rss_mb={Whole(_rssMegabytes)}"));
    }

    /// <summary>A note when a baseline's two measurements (around its gateway scenario) differ by more than a fifth.</summary>
    private static void BaselineChanged(StringBuilder table, string baseline, string ratio, IReadOnlyList<(string When, double Rps)> measured)
    {
        if (measured.Count < 2 || measured.Min(m => m.Rps) <= 0)
        {
            return;
        }

        var change = (measured[^1].Rps / measured[0].Rps) - 1;
        if (Math.Abs(change) > BaselineChangeWarning)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"NOTE: {baseline}: {measured[0].Rps:0}/s {measured[0].When}, {measured[^1].Rps:0}/s {measured[^1].When} ({Percent(change)}): the machine's speed changed around the scenario; {ratio} uses the mean and is uncertain by about that much.");
        }
    }

    private static void Target(StringBuilder table, string name, double value, string comparison, double goal)
    {
        var result = double.IsNaN(value) ? "n/a (not measured)"
            : (comparison == ">=" ? value >= goal : value <= goal) ? "PASS" : "FAIL";
        table.AppendLine(CultureInfo.InvariantCulture, $"{name,-22} {value,9:0.00} {comparison + " " + goal.ToString("0.##", CultureInfo.InvariantCulture),10}  {result}");
    }

    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "-" : fraction.ToString("+0%;-0%;0%", CultureInfo.InvariantCulture);

    private static string Cpu(LoadResult load, string probe) =>
        load.CpuMillisecondsPerRequest(probe) is var ms && double.IsNaN(ms) ? "-" : ms.ToString("0.00", CultureInfo.InvariantCulture);

    private static long Whole(double value) => double.IsNaN(value) ? 0 : (long)Math.Round(value, MidpointRounding.AwayFromZero);

    private static byte[] NoopBody()
    {
        // 4 KB of JSON, about the size of a note document.
        var prefix = "{\"resourceType\":\"Basic\",\"padding\":\"";
        var suffix = "\"}";
        return Encoding.UTF8.GetBytes(prefix + new string('x', 4096 - prefix.Length - suffix.Length) + suffix);
    }

    private static void SayLoad(LoadResult load)
    {
        var total = load.Total!;
        Say($"  {load.Name}: {total.Rps:0} rps, p50 {total.P50:0.00} ms, p99 {total.P99:0.00} ms, {load.TotalErrors} errors");
    }

    private static void Say(string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.UtcNow:HH:mm:ss}] {line}"));

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The noop baseline server, kept running from the start so each of its scenarios is run when it is needed.</summary>
internal sealed record NoopTarget(ChildProcess Process, Uri Address) : IDisposable
{
    public void Dispose() => Process.Dispose();
}
