using System.Net;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Access;

/// <summary>
/// DESIGN section 6 end to end, as a regional and a municipal system see it: care relationship, consent, patient
/// blocks, emergency access, and the access log that follows every read.
/// </summary>
public sealed class SvodAccessTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Everything = "user/Composition.crs user/Consent.cru user/AuditEvent.rs";
    private static readonly Caller VasterasCare = new("SE2120002080-P900", "Hemtjänst Personal", "SE2120002080-E900", "SE2120002080-OG01", "omsorgsgivare");

    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task MunicipalNote_ForTheRegion_NeedsConsentIsHiddenByBlockAndOpensInEmergency()
    {
        var patient = Personnummer.NewUnique();
        var nurse = await Client.TokenAsync(TestIdentities.VasterasNurse, Everything);
        var doctor = await Client.TokenAsync(TestIdentities.RegionDoctor, Everything);
        using (var posted = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", nurse, Examples.Document(patient).ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var search = $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{patient}";

        // Without a care relationship: 403.
        using (var noRelationship = await Client.SendAsync(HttpMethod.Get, search, doctor, relationship: false))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noRelationship.StatusCode);
        }

        // Another provider without consent does not see the municipal note, but learns that information exists.
        var (entries, outcome) = await SearchAsync(search, doctor);
        Assert.Empty(entries);
        Assert.Contains("consent", outcome, StringComparison.Ordinal);

        // With a registered consent it does; ending that consent (PUT status inactive) closes the access again.
        string firstConsent;
        using (var consent = await Client.SendAsync(HttpMethod.Post, "/fhir/Consent", doctor, ConsentFor(patient, "permit", "IRCP", "SE2321000172-0001")))
        {
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
            firstConsent = (await GatewayClient.JsonAsync(consent))["id"]!.GetValue<string>();
        }

        (entries, _) = await SearchAsync(search, doctor);
        Assert.Single(entries);

        var ended = JsonNode.Parse(ConsentFor(patient, "permit", "IRCP", "SE2321000172-0001"))!.AsObject();
        ended["id"] = firstConsent;
        ended["status"] = "inactive";
        using (var put = await Client.SendAsync(HttpMethod.Put, $"/fhir/Consent/{firstConsent}", doctor, ended.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("inactive", (await GatewayClient.JsonAsync(put))["status"]!.GetValue<string>());
        }

        (entries, _) = await SearchAsync(search, doctor);
        Assert.Empty(entries);

        // A consent for the reading care unit opens it again.
        using (var consent = await Client.SendAsync(HttpMethod.Post, "/fhir/Consent", doctor, ConsentFor(patient, "permit", "IRCP", "SE2321000172-E100")))
        {
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        }

        (entries, _) = await SearchAsync(search, doctor);
        Assert.Single(entries);

        // The patient blocks Västerås stad's information: hidden for the region, with an outcome saying blocked
        // information exists but not who holds it; the municipality itself still sees it.
        using (var block = await Client.SendAsync(HttpMethod.Post, "/fhir/Consent", doctor, ConsentFor(patient, "deny", "CST", "SE2120002080-0001")))
        {
            Assert.Equal(HttpStatusCode.Created, block.StatusCode);
        }

        (entries, outcome) = await SearchAsync(search, doctor);
        Assert.Empty(entries);
        Assert.Contains("blocked", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("SE2120002080", outcome, StringComparison.Ordinal);
        (entries, _) = await SearchAsync(search, nurse);
        Assert.Single(entries);

        // Emergency access: refused to an omsorgsgivare and without a reason; opens the block for a vårdgivare with one.
        var care = await Client.TokenAsync(VasterasCare, Everything);
        using (var byCare = await Client.SendAsync(HttpMethod.Get, search, care, headers: Emergency("Medvetsl%C3%B6s")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byCare.StatusCode);
        }

        using (var withoutReason = await Client.SendAsync(HttpMethod.Get, search, doctor, headers: new Dictionary<string, string> { ["X-Purpose-Of-Use"] = "ETREAT" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withoutReason.StatusCode);
        }

        (entries, _) = await SearchAsync(search, doctor, Emergency("Medvetsl%C3%B6s"));
        Assert.Single(entries);

        // A log reviewer finds an AuditEvent for each read, and the emergency one with its purpose, reason and unit.
        var log = await AuditAsync($"/fhir/AuditEvent?patient.identifier={TestIdentities.Personnummer}|{patient}", doctor);
        Assert.True(log.Count >= 8, $"expected an entry per read, found {log.Count}");
        var emergencies = (await AuditAsync("/fhir/AuditEvent?purpose=ETREAT", doctor))
            .Where(e => e["entity"]?.AsArray().Any(x => x!["what"]?["identifier"]?["value"]?.GetValue<string>() == patient) == true)
            .ToList();
        var permitted = Assert.Single(emergencies, e => e["outcome"]!.GetValue<string>() == "0");
        Assert.Equal("ETREAT", permitted["purposeOfEvent"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("Medvetslös", permitted["purposeOfEvent"]![0]!["text"]!.GetValue<string>());
        Assert.Contains(permitted["agent"]!.AsArray(), a => a!["who"]!["identifier"]!["value"]!.GetValue<string>() == "SE2321000172-E100");
    }

    [Fact]
    public async Task AccessLogVerify_AfterReads_ReportsAnUnbrokenChain()
    {
        var token = await Client.TokenAsync(TestIdentities.RegionDoctor, Everything);
        using (var read = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}", token))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var verify = await Client.SendAsync(HttpMethod.Get, "/admin/access-log/verify", token, accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var result = await GatewayClient.JsonAsync(verify);
        Assert.True(result["valid"]!.GetValue<bool>());
        Assert.True(result["lastSequence"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task AccessLog_WithoutLogScope_Returns403AndCannotBeDeleted()
    {
        var token = await Client.TokenAsync(TestIdentities.RegionDoctor, "user/Composition.rs");
        using var search = await Client.SendAsync(HttpMethod.Get, $"/fhir/AuditEvent?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}", token);
        Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);

        var reviewer = await Client.TokenAsync(TestIdentities.RegionDoctor, Everything);
        using var delete = await Client.SendAsync(HttpMethod.Delete, "/fhir/AuditEvent/1", reviewer);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
    }

    [Fact]
    public async Task Read_ById_OfAnotherProvidersNoteWithoutConsent_Returns403AndIsLogged()
    {
        var patient = Personnummer.NewUnique();
        var nurse = await Client.TokenAsync(TestIdentities.VasterasNurse, Everything);
        using var posted = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", nurse, Examples.Composition(patient).ToJsonString());
        var id = (await GatewayClient.JsonAsync(posted))["id"]!.GetValue<string>();
        var doctor = await Client.TokenAsync(TestIdentities.RegionDoctor, Everything);

        using var read = await Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{id}", doctor);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        var log = await AuditAsync($"/fhir/AuditEvent?patient.identifier={TestIdentities.Personnummer}|{patient}", doctor);
        Assert.Contains(log, e => e["outcome"]!.GetValue<string>() == "4");
    }

    private async Task<(List<JsonNode> Entries, string Outcome)> SearchAsync(string url, string token, IDictionary<string, string>? headers = null)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, url, token, headers: headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await GatewayClient.JsonAsync(response);
        var all = bundle["entry"]?.AsArray().Select(e => e!).ToList() ?? [];
        var matches = all.Where(e => e["search"]!["mode"]!.GetValue<string>() == "match").ToList();
        var outcome = string.Join(' ', all.Where(e => e["search"]!["mode"]!.GetValue<string>() == "outcome").Select(e => e["resource"]!.ToJsonString()));
        return (matches, outcome);
    }

    private async Task<List<JsonNode>> AuditAsync(string url, string token)
    {
        using var response = await Client.SendAsync(HttpMethod.Get, url, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await GatewayClient.JsonAsync(response);
        return bundle["entry"]?.AsArray().Select(e => e!["resource"]!).ToList() ?? [];
    }

    private static Dictionary<string, string> Emergency(string encodedReason) => new()
    {
        ["X-Purpose-Of-Use"] = "ETREAT",
        ["X-Emergency-Reason"] = encodedReason,
    };

    private static string ConsentFor(string patient, string type, string role, string hsaId) => new JsonObject
    {
        ["resourceType"] = "Consent",
        ["status"] = "active",
        ["scope"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/consentscope", ["code"] = "patient-privacy" }) },
        ["category"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "59284-0" }) }),
        ["patient"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = TestIdentities.Personnummer, ["value"] = patient } },
        ["policyRule"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode", ["code"] = type == "permit" ? "OPTIN" : "OPTOUT" }),
        },
        ["provision"] = new JsonObject
        {
            ["type"] = type,
            ["actor"] = new JsonArray(new JsonObject
            {
                ["role"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", ["code"] = role }) },
                ["reference"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = TestIdentities.HsaSystem, ["value"] = hsaId } },
            }),
        },
    }.ToJsonString();
}
