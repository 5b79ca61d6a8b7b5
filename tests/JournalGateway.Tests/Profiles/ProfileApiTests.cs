using System.Net;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Profiles;

/// <summary>Issue 3's acceptance, from outside: profiles and identifier rules enforced on writes, served to clients.</summary>
public sealed class ProfileApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task PostDocument_WithWrongCheckDigit_Returns422AndStoresNothing()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document("195009072554");

        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("OperationOutcome", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var read = await Client.SendAsync(HttpMethod.Get, response.Headers.Location?.ToString() ?? $"/fhir/Bundle/{Guid.NewGuid():N}", token);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Samordningsnummer_IsAcceptedUnderItsOwnSystemAndRefusedAsPersonnummer()
    {
        var token = await fixture.NurseTokenAsync();
        const string samordningsnummer = "195009672550"; // 7 September 1950 + 60 on the day, valid check digit
        var asPersonnummer = Examples.Composition(samordningsnummer);
        var asSamordningsnummer = Examples.Composition(samordningsnummer);
        asSamordningsnummer["subject"]!["identifier"]!["system"] = "http://electronichealth.se/identifier/samordningsnummer";

        using var refused = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, asPersonnummer.ToJsonString());
        using var accepted = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, asSamordningsnummer.ToJsonString());

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("no-attester")]
    [InlineData("unknown-vips")]
    [InlineData("no-section")]
    public async Task PostComposition_ThatBreaksTheProfile_Returns422WithExpressions(string breakage)
    {
        var token = await fixture.NurseTokenAsync();
        var composition = Examples.Composition();
        switch (breakage)
        {
            case "no-attester":
                composition.Remove("attester");
                break;
            case "unknown-vips":
                composition["section"]![0]!["code"]!["coding"]![0]!["code"] = "horoskop";
                break;
            default:
                composition.Remove("section");
                break;
        }

        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, composition.ToJsonString());

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var outcome = await GatewayClient.JsonAsync(response);
        Assert.All(outcome["issue"]!.AsArray(), issue => Assert.NotNull(issue!["expression"]));
    }

    [Fact]
    public async Task Validate_GoodAndBadNotes_ReportsNoErrorsAndErrors()
    {
        var token = await fixture.NurseTokenAsync();
        var bad = Examples.Composition();
        bad.Remove("section");

        using var good = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition/$validate", token, Examples.Composition().ToJsonString());
        using var wrong = await Client.SendAsync(HttpMethod.Post, "/fhir/$validate", token, bad.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.DoesNotContain((await GatewayClient.JsonAsync(good))["issue"]!.AsArray(), i => i!["severity"]!.GetValue<string>() is "error" or "fatal");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains((await GatewayClient.JsonAsync(wrong))["issue"]!.AsArray(), i => i!["severity"]!.GetValue<string>() == "error");
    }

    [Fact]
    public async Task StructureDefinitions_AreServedPubliclyAndListedInMetadata()
    {
        using var search = await Client.SendAsync(HttpMethod.Get, "/fhir/StructureDefinition", token: null);
        using var byUrl = await Client.SendAsync(HttpMethod.Get, "/fhir/StructureDefinition?url=https://fhir.journalgateway.se/StructureDefinition/jg-hsl-note", token: null);
        using var metadata = await Client.SendAsync(HttpMethod.Get, "/fhir/metadata", token: null);

        Assert.True((await GatewayClient.JsonAsync(search))["total"]!.GetValue<int>() >= 5);
        Assert.Equal(1, (await GatewayClient.JsonAsync(byUrl))["total"]!.GetValue<int>());
        var composition = (await GatewayClient.JsonAsync(metadata))["rest"]![0]!["resource"]!.AsArray()
            .Single(r => r!["type"]!.GetValue<string>() == "Composition")!;
        Assert.Contains(composition["supportedProfile"]!.AsArray(), p => p!.GetValue<string>().EndsWith("jg-hsl-note", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SolReference_WithoutContentIsAcceptedAndWithContentRefused()
    {
        var care = new Caller("SE2120002080-P900", "Hemtjänst", "SE2120002080-E900", "SE2120002080-OG01", "omsorgsgivare");
        var token = await Client.TokenAsync(care, "user/DocumentReference.crs");
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Support", "Examples", "sol-reference.json")))!.AsObject();
        reference["masterIdentifier"]!["value"] = $"urn:uuid:{Guid.NewGuid()}";
        var withContent = reference.DeepClone().AsObject();
        withContent["masterIdentifier"]!["value"] = $"urn:uuid:{Guid.NewGuid()}";
        withContent["content"]![0]!["attachment"]!["url"] = "https://kommun.example/sol/beslut.pdf";

        using var accepted = await Client.SendAsync(HttpMethod.Post, "/fhir/DocumentReference", token, reference.ToJsonString());
        using var refused = await Client.SendAsync(HttpMethod.Post, "/fhir/DocumentReference", token, withContent.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("content", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostXml_WithExternalEntity_IsRefusedWithoutReadingTheFile()
    {
        var token = await fixture.NurseTokenAsync();
        var secret = Path.Combine(Path.GetTempPath(), $"jg-secret-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(secret, "TOPSECRET");
        var xml = $"""
            <?xml version="1.0"?>
            <!DOCTYPE Composition [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
            <Composition xmlns="http://hl7.org/fhir"><title value="&xxe;"/></Composition>
            """;

        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Composition", token, xml, contentType: "application/fhir+xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("TOPSECRET", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        File.Delete(secret);
    }
}
