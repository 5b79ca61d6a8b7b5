using System.Net;
using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using JournalGateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JournalGateway.Tests.Hosting;

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
        await fixture.Client.WaitUntilReadyAsync();

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
