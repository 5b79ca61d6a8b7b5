using System.Net;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
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
        await fixture.Client.WaitUntilReadyAsync();
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
