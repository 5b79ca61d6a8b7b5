using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Hosting;

/// <summary>What operators see: health as JSON, Prometheus metrics, and per-provider usage for invoicing.</summary>
[Collection(MetricsCollection.Name)]
public sealed class OperationsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Health_LiveAndReady_Answer200WithJsonChecks()
    {
        using var live = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/live", token: null, accept: null);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        await fixture.Client.WaitUntilReadyAsync();
        using var report = await fixture.Client.SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
        var body = await GatewayClient.JsonAsync(report);
        var checks = body["checks"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("storage", checks);
        Assert.Contains("validator", checks);
        Assert.Contains("regional-record", checks);
    }

    [Fact]
    public async Task Metrics_AfterARequest_ExposeHttpServerDurationAndOurOwn()
    {
        var token = await fixture.NurseTokenAsync();
        using (await fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}", token))
        {
        }

        using var metrics = await fixture.Client.SendAsync(HttpMethod.Get, "/metrics", token: null, accept: null);
        var text = await metrics.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("http_server_request_duration", text, StringComparison.Ordinal);
        Assert.Contains("journalgateway_access_decisions", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_AfterPostsAndReads_CountsUsersNotesAndReadsPerProvider()
    {
        var nurse = await fixture.NurseTokenAsync();
        using (var created = await fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Composition", nurse, Examples.Composition().ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (await fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}", nurse))
        {
        }

        var operatorToken = await fixture.Client.TokenAsync(TestIdentities.RegionDoctor, "system/Usage.rs");
        using var usage = await fixture.Client.SendAsync(HttpMethod.Get, "/admin/usage?from=2020-01-01", operatorToken, accept: "application/json");
        using var forbidden = await fixture.Client.SendAsync(HttpMethod.Get, "/admin/usage", nurse, accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var vasteras = (await GatewayClient.JsonAsync(usage))["providers"]!.AsArray()
            .Single(p => p!["careProvider"]!.GetValue<string>() == "SE2120002080-0001")!;
        Assert.True(vasteras["notesPosted"]!.GetValue<int>() >= 1);
        Assert.True(vasteras["reads"]!.GetValue<int>() >= 1);
        Assert.True(vasteras["distinctUsers"]!.GetValue<int>() >= 1);
        Assert.Equal("Västerås stad, hälso- och sjukvård", vasteras["name"]!.GetValue<string>());
    }
}
