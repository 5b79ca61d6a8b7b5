using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Notes;

/// <summary>Accepted means durable: a regional outage never holds or loses a writer's note.</summary>
public sealed class RegionalOutageTests : IAsyncLifetime
{
    private readonly GatewayFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task PostDocument_WhenRegionDown_Returns201PendingAndDeliversAfterRecovery()
    {
        var token = await _fixture.NurseTokenAsync();
        using (var outage = await _fixture.Store.Client.PostAsJsonAsync("admin/faults", new { outage = true }))
        {
            outage.EnsureSuccessStatusCode();
        }

        var documents = Enumerable.Range(0, 3).Select(_ => Examples.Document(TestIdentities.PatientTwo)).ToList();
        var ids = new List<string>();
        foreach (var document in documents)
        {
            var clock = Stopwatch.StartNew();
            using var created = await _fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("pending", created.Headers.GetValues("X-Delivery-Status").Single());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"201 took {clock.Elapsed}");
            ids.Add((await GatewayClient.JsonAsync(created))["entry"]![0]!["resource"]!["id"]!.GetValue<string>());
        }

        // The writer reads its own writes while the region is down, tagged pending.
        using (var pending = await _fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{ids[0]}", token))
        {
            Assert.Equal(HttpStatusCode.OK, pending.StatusCode);
            Assert.Equal("pending", pending.Headers.GetValues("X-Delivery-Status").Single());
        }

        // Reads need the regional record: 503 with Retry-After while it is down, never a partial answer.
        using (var search = await _fixture.Client.SendAsync(HttpMethod.Get,
                   $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}", token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, search.StatusCode);
            Assert.NotNull(search.Headers.RetryAfter);
            Assert.Equal("OperationOutcome", (await GatewayClient.JsonAsync(search))["resourceType"]!.GetValue<string>());
        }

        using (var cleared = await _fixture.Store.Client.DeleteAsync("admin/faults"))
        {
            cleared.EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(async () =>
        {
            var notes = await _fixture.Store.Client.GetFromJsonAsync<JsonObject>($"api/v1/patients/{TestIdentities.PatientTwo}/journal-notes?pageSize=500");
            var keys = notes!["items"]!.AsArray().Select(n => n!["externalId"]?.GetValue<string>()).ToList();
            return documents.All(d => keys.Count(k => k == Examples.Key(d)) == 1);
        });

        using var delivered = await _fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{ids[0]}", token);
        Assert.Equal("delivered", delivered.Headers.GetValues("X-Delivery-Status").Single());
    }
}
