using System.Net;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using JournalGateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JournalGateway.Tests.Hosting;

/// <summary>
/// Before ready, the gateway runs the write path once on its example note (FirstRequestWarmUp, with the token check in
/// AuthenticationRehearsal and a whole write through its own endpoint against scratch storage in WriteRehearsal): ready
/// must wait for it, and it must leave nothing behind: no note in the outbox, no access log entry.
/// </summary>
public sealed class StartupWarmUpTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Ready_ReportsTheWarmUp_AndTheWarmUpStoredNothing()
    {
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
            return ready.StatusCode == HttpStatusCode.OK;
        });
        using var report = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
        var checks = (await GatewayClient.JsonAsync(report))["checks"]!.AsArray();
        var warmUp = Assert.Single(checks, c => c!["name"]!.GetValue<string>() == "warm-up");
        Assert.Equal("Healthy", warmUp!["status"]!.GetValue<string>());
        // Every part ran: a part that throws is logged and skipped, which would hide a broken warm-up.
        Assert.DoesNotContain(fixture.Factory.Logs.Lines, line => line.Contains("warm-up", StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal));
        Assert.Contains(fixture.Factory.Logs.Lines, line => line.Contains("Write path warmed up", StringComparison.Ordinal));

        var services = fixture.Factory.Services;
        Assert.Empty(await services.GetRequiredService<IAccessLog>().ReadChainAsync(1, 10, CancellationToken.None));
        var outbox = services.GetRequiredService<INoteOutbox>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            Assert.Empty(await outbox.ListByStateAsync(state, 10, CancellationToken.None));
        }
    }
}

/// <summary>
/// While the gateway warms up, ready answers 503 with the reason, and "not ready yet" is not logged as an error at
/// every poll (WarmingUpChecks, the request log's level for health probes). A warm-up part of the test's own holds the
/// start until the test has polled, so the polls surely come before ready.
/// </summary>
public sealed class ReadinessWhileWarmingUpTests(ReadinessWhileWarmingUpTests.HeldFixture fixture) : IClassFixture<ReadinessWhileWarmingUpTests.HeldFixture>
{
    [Fact]
    public async Task BeforeReady_ReadyAnswers503WithTheReason_AndNothingIsLoggedAsAnError()
    {
        for (var poll = 0; poll < 5; poll++)
        {
            using var notReady = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("warming up", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        fixture.Hold.Release();
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
            return ready.StatusCode == HttpStatusCode.OK;
        });

        Assert.DoesNotContain(fixture.Factory.Logs.Lines, line => line.Contains("Health check", StringComparison.Ordinal)
            && line.Contains("Unhealthy", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Factory.Logs.Lines, line => line.Contains("/healthz/ready", StringComparison.Ordinal)
            && line.Contains("responded 503", StringComparison.Ordinal));
    }

    public sealed class HeldFixture : GatewayFixture, IAsyncLifetime
    {
        public HeldWarmUp Hold { get; } = new();

        protected override Action<IServiceCollection>? Services => services => services.AddSingleton<IStartupWarmUp>(Hold);

        async Task IAsyncLifetime.DisposeAsync()
        {
            Hold.Release();
            await DisposeAsync();
        }
    }

    /// <summary>
    /// A warm-up part that finishes only when the test says so: it does not give up when start-up would (its token),
    /// so that however late the test gets to run, the gateway is still not ready.
    /// </summary>
    public sealed class HeldWarmUp : IStartupWarmUp
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public Task WarmUpAsync(HslNote sample, CancellationToken cancellationToken) => _released.Task;
    }
}
