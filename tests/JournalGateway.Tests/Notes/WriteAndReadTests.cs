using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Notes;

public sealed class WriteAndReadTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task PostDocument_WhenRegionUp_Returns201WithBundleLocationAndDeliveryState()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document(TestIdentities.PatientTwo);

        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches(@"/fhir/Bundle/[0-9a-f]{32}/_history/1$", response.Headers.Location!.ToString());
        Assert.Contains(response.Headers.GetValues("X-Delivery-Status").Single(), new[] { "pending", "delivered" });
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        var stored = await GatewayClient.JsonAsync(response);
        Assert.Equal("Bundle", stored["resourceType"]!.GetValue<string>());
        var composition = stored["entry"]![0]!["resource"]!;
        Assert.Matches("^[0-9a-f]{32}$", composition["id"]!.GetValue<string>());
        Assert.Equal("https://fhir.journalgateway.se/CodeSystem/delivery-status", composition["meta"]!["tag"]![0]!["system"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostDocument_ThenReadAndSearch_FindsItExactlyOnceAndInTheRegionalStore()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document(TestIdentities.PatientOld, eventTime: "2026-11-21T09:30:00+01:00");
        using var created = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var compositionId = (await GatewayClient.JsonAsync(created))["entry"]![0]!["resource"]!["id"]!.GetValue<string>();

        using var read = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{compositionId}", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var composition = await GatewayClient.JsonAsync(read);
        Assert.Equal(compositionId, composition["id"]!.GetValue<string>());
        Assert.Equal(TestIdentities.PatientOld, composition["subject"]!["identifier"]!["value"]!.GetValue<string>());
        Assert.Equal(3, composition["section"]!.AsArray().Count);

        using var search = await Client.SendAsync(HttpMethod.Get,
            $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientOld}&date=2026-11-21", token);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var bundle = await GatewayClient.JsonAsync(search);
        var ids = bundle["entry"]!.AsArray().Select(e => e!["resource"]!["id"]!.GetValue<string>()).ToList();
        Assert.Single(ids, id => id == compositionId);

        // Delivered by now (the write waits for the first attempt): the store's own API holds it exactly once.
        await Eventually.TrueAsync(async () =>
        {
            var notes = await fixture.Store.Client.GetFromJsonAsync<JsonObject>($"api/v1/patients/{TestIdentities.PatientOld}/journal-notes?pageSize=500");
            var key = Examples.Key(document);
            return notes!["items"]!.AsArray().Count(n => n!["externalId"]?.GetValue<string>() == key) == 1;
        });
    }

    [Fact]
    public async Task Repost_OfSameDocument_Returns200WithSameLocationAndNoSecondNote()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document(TestIdentities.PatientTwo, eventTime: "2026-10-02T08:00:00+02:00").ToJsonString();

        using var first = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document);
        using var second = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        using var search = await Client.SendAsync(HttpMethod.Get,
            $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}&date=2026-10-02", token);
        var bundle = await GatewayClient.JsonAsync(search);
        Assert.Equal(1, bundle["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task PostDocument_IsLoggedAsOneCreate_AndItsRepeatIsNotLoggedAgain()
    {
        var token = await fixture.NurseTokenAsync(TestIdentities.WriteAndReadNotes + " user/AuditEvent.rs");
        var document = Examples.Document(TestIdentities.PatientTwo, eventTime: "2026-09-14T10:00:00+02:00").ToJsonString();

        using var first = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document);
        using var repeat = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var composition = (await GatewayClient.JsonAsync(first))["entry"]![0]!["resource"]!["id"]!.GetValue<string>();

        // Logged before the answer came: the entry is there as soon as the 201 is.
        using var log = await Client.SendAsync(HttpMethod.Get, $"/fhir/AuditEvent?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}", token);
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var creates = (await GatewayClient.JsonAsync(log))["entry"]!.AsArray()
            .Select(e => e!["resource"]!)
            .Where(a => a["action"]?.GetValue<string>() == "C"
                && a["entity"]!.AsArray().Any(x => x!["what"]?["reference"]?.GetValue<string>() == $"Composition/{composition}/_history/1"))
            .ToList();
        Assert.Single(creates);
    }

    [Fact]
    public async Task PostComposition_WithLogicalReferences_Returns201AndReadsBack()
    {
        var token = await fixture.NurseTokenAsync();
        var composition = Examples.Composition(TestIdentities.PatientTwo);

        using var created = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, composition.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Matches(@"/fhir/Composition/[0-9a-f]{32}/_history/1$", created.Headers.Location!.ToString());
        var id = (await GatewayClient.JsonAsync(created))["id"]!.GetValue<string>();
        using var read = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{id}", token);
        var body = await GatewayClient.JsonAsync(read);
        Assert.Equal("SE2120002080-0001", body["custodian"]!["identifier"]!["value"]!.GetValue<string>());
        Assert.Equal("SE2120002080-P001", body["author"]![0]!["identifier"]!["value"]!.GetValue<string>());
        Assert.Equal("SE2120002080-E001", body["author"]![1]!["identifier"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_OfAcceptedNote_ListsVersionOne()
    {
        var token = await fixture.NurseTokenAsync();
        using var created = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, Examples.Composition().ToJsonString());
        var id = (await GatewayClient.JsonAsync(created))["id"]!.GetValue<string>();

        using var history = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{id}/_history", token);
        using var version = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{id}/_history/1", token);
        using var missing = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{id}/_history/7", token);

        var bundle = await GatewayClient.JsonAsync(history);
        Assert.Equal("history", bundle["type"]!.GetValue<string>());
        Assert.Equal(1, bundle["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Search_ForSeededPatient_ReturnsRegionalNotesWrittenInTheRegion()
    {
        var token = await Client.TokenAsync(TestIdentities.RegionDoctor, TestIdentities.WriteAndReadNotes);

        using var search = await Client.SendAsync(HttpMethod.Get,
            $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}&_sort=-date", token);

        var bundle = await GatewayClient.JsonAsync(search);
        var regional = bundle["entry"]!.AsArray().Where(e => e!["search"]!["mode"]!.GetValue<string>() == "match" && e["resource"]!["custodian"]!["identifier"]!["value"]!.GetValue<string>() == "SE2321000172-0001").ToList();
        Assert.NotEmpty(regional);
        Assert.All(regional, e => Assert.StartsWith("regional-", e!["resource"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        var regionalId = regional[0]!["resource"]!["id"]!.GetValue<string>();
        using var read = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{regionalId}", token);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Search_WithCountOne_PagesWithStableNextAndPreviousLinks()
    {
        var token = await fixture.NurseTokenAsync();
        for (var i = 0; i < 3; i++)
        {
            using var created = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token,
                Examples.Document(TestIdentities.PatientTwo, eventTime: $"2025-03-0{i + 1}T10:00:00+01:00").ToJsonString());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var url = $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}&date=ge2025-03-01&date=lt2025-03-04&_count=1&unknown=x";
        var seen = new List<string>();
        string? previous = null;
        while (url is not null)
        {
            using var page = await Client.SendAsync(HttpMethod.Get, url, token);
            var bundle = await GatewayClient.JsonAsync(page);
            Assert.Equal(3, bundle["total"]!.GetValue<int>());
            var links = bundle["link"]!.AsArray().ToDictionary(l => l!["relation"]!.GetValue<string>(), l => l!["url"]!.GetValue<string>());
            Assert.DoesNotContain("unknown", links["self"], StringComparison.Ordinal);
            if (seen.Count > 0)
            {
                Assert.True(links.ContainsKey("previous"));
            }

            seen.Add(bundle["entry"]![0]!["resource"]!["date"]!.GetValue<string>());
            previous = url;
            url = links.TryGetValue("next", out var next) ? new Uri(next).PathAndQuery : null;
        }

        Assert.Equal(["2025-03-03T10:00:00+01:00", "2025-03-02T10:00:00+01:00", "2025-03-01T10:00:00+01:00"], seen);
        Assert.NotNull(previous);
    }
}
