using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Delivery;

/// <summary>The operators' view of the outbox and the delivery metrics (DESIGN section 7).</summary>
[Collection(MetricsCollection.Name)]
public sealed class DeliveriesAdminTests : IAsyncLifetime
{
    private const string OperatorScope = "system/Delivery.rsu";
    private readonly GatewayFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task ListDeliveries_WithoutOperatorScope_Returns403()
    {
        var token = await _fixture.NurseTokenAsync();

        using var response = await _fixture.Client.SendAsync(HttpMethod.Get, "/admin/deliveries?state=pending", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("OperationOutcome", (await GatewayClient.JsonAsync(response))["resourceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListDeliveries_WithUnknownState_Returns400()
    {
        var token = await _fixture.NurseTokenAsync(OperatorScope);

        using var response = await _fixture.Client.SendAsync(HttpMethod.Get, "/admin/deliveries?state=lost", token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Requeue_WhenRefusedThenRequeued_DeliversOnceAndShowsNoPatientData()
    {
        var nurse = await _fixture.NurseTokenAsync();
        var operatorToken = await _fixture.NurseTokenAsync(OperatorScope);
        // A 400 from the store is not transient: the note goes to dead-letter.
        using (var faults = await _fixture.Store.Client.PostAsJsonAsync("admin/faults", new { outage = true, status = 400 }))
        {
            faults.EnsureSuccessStatusCode();
        }

        var document = Examples.Document(TestIdentities.PatientTwo);
        using var created = await _fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", nurse, document.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var noteId = (await GatewayClient.JsonAsync(created))["entry"]![0]!["resource"]!["id"]!.GetValue<string>();

        JsonObject? entry = null;
        await Eventually.TrueAsync(async () =>
        {
            using var list = await _fixture.Client.SendAsync(HttpMethod.Get, "/admin/deliveries?state=dead-letter&max=50", operatorToken);
            var body = await list.Content.ReadAsStringAsync();
            entry = JsonNode.Parse(body)!.AsArray().Select(e => e!.AsObject()).FirstOrDefault(e => e["noteId"]!.GetValue<string>() == noteId);
            return entry is not null;
        });
        Assert.Equal("dead-letter", entry!["state"]!.GetValue<string>());
        Assert.True(entry["attempts"]!.GetValue<int>() >= 1);
        Assert.DoesNotContain(TestIdentities.PatientTwo, entry.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(
            ["noteId", "version", "state", "attempts", "nextAttemptAt", "lastError", "acceptedAt", "deliveredAt"],
            entry.Select(p => p.Key).ToArray());

        using (var cleared = await _fixture.Store.Client.DeleteAsync("admin/faults"))
        {
            cleared.EnsureSuccessStatusCode();
        }

        using (var requeued = await _fixture.Client.SendAsync(HttpMethod.Post, $"/admin/deliveries/{noteId}/1/requeue", operatorToken))
        {
            Assert.Equal(HttpStatusCode.OK, requeued.StatusCode);
        }

        await Eventually.TrueAsync(async () =>
        {
            var notes = await _fixture.Store.Client.GetFromJsonAsync<JsonObject>($"api/v1/patients/{TestIdentities.PatientTwo}/journal-notes?pageSize=500");
            return notes!["items"]!.AsArray().Count(n => n!["externalId"]?.GetValue<string>() == Examples.Key(document)) == 1;
        });

        // No longer a dead letter: a second requeue conflicts.
        using var again = await _fixture.Client.SendAsync(HttpMethod.Post, $"/admin/deliveries/{noteId}/1/requeue", operatorToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Requeue_WithoutUpdateScope_Returns403()
    {
        var token = await _fixture.NurseTokenAsync("system/Delivery.rs");

        using var response = await _fixture.Client.SendAsync(HttpMethod.Post, "/admin/deliveries/unknown/1/requeue", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Requeue_WhenUnknown_Returns404()
    {
        var token = await _fixture.NurseTokenAsync(OperatorScope);

        using var response = await _fixture.Client.SendAsync(HttpMethod.Post, "/admin/deliveries/unknown/1/requeue", token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterDelivery_ExposeDeliveryMetrics()
    {
        var token = await _fixture.NurseTokenAsync();
        var document = Examples.Document(TestIdentities.PatientTwo);
        string? answeredAs;
        using (var created = await _fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            answeredAs = created.Headers.TryGetValues("X-Delivery-Status", out var status) ? status.Single() : null;
        }

        // The outbox gauges are read in the background and reported from the next scrape on; the delivery itself may
        // still be under way when the write answered pending. One CI run on a loaded machine saw neither within 20 s
        // (not reproduced); the bound is generous, and each metric is named on its own below when it is missing.
        string metrics = string.Empty;
        await Eventually.HoldsWithinAsync(async () =>
        {
            metrics = await _fixture.Client.Http.GetStringAsync("/metrics");
            return metrics.Contains("journalgateway_outbox_depth", StringComparison.Ordinal)
                && metrics.Contains("journalgateway_notes_delivered", StringComparison.Ordinal);
        }, timeoutSeconds: 60);

        Assert.True(metrics.Contains("journalgateway_notes_delivered", StringComparison.Ordinal),
            $"No delivered-notes counter; the write was answered {answeredAs ?? "without X-Delivery-Status"}.");
        Assert.Contains("journalgateway_outbox_depth", metrics, StringComparison.Ordinal);
        Assert.Contains("journalgateway_notes_accepted", metrics, StringComparison.Ordinal);
        Assert.Contains("journalgateway_delivery_latency", metrics, StringComparison.Ordinal);
        Assert.Contains("journalgateway_outbox_oldest_pending_age", metrics, StringComparison.Ordinal);
    }
}
