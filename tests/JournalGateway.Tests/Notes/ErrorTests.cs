using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Notes;

/// <summary>Every foreseeable failure answers an OperationOutcome with the right status.</summary>
public sealed class ErrorTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayClient Client => fixture.Client;

    [Fact]
    public async Task PostDocument_WithMalformedJson_Returns400WithOperationOutcome()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, "{ \"resourceType\": \"Bundle\", ");
        await AssertOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PostDocument_WithUnknownElement_Returns400NamingIt()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document();
        document["madeUpElement"] = true;
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
        var outcome = await AssertOutcome(response, HttpStatusCode.BadRequest);
        Assert.Contains("madeUpElement", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDocument_WithoutToken_Returns401()
    {
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token: null, Examples.Document().ToJsonString());
        await AssertOutcome(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task PostDocument_WithForgedToken_Returns401()
    {
        var token = await fixture.NurseTokenAsync();
        var forged = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", forged, Examples.Document().ToJsonString());
        await AssertOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PostDocument_WithReadOnlyScope_Returns403()
    {
        var token = await fixture.NurseTokenAsync("user/Composition.rs");
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, Examples.Document().ToJsonString());
        await AssertOutcome(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PostDocument_ForAnotherProvidersRecord_Returns403()
    {
        var token = await Client.TokenAsync(TestIdentities.SalaNurse, TestIdentities.WriteAndReadNotes);
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, Examples.Document().ToJsonString());
        var outcome = await AssertOutcome(response, HttpStatusCode.Forbidden);
        Assert.Contains("custodian", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDocument_WithoutSections_Returns422WithExpression()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document();
        document["entry"]![0]!["resource"]!.AsObject().Remove("section");
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
        var outcome = await AssertOutcome(response, (HttpStatusCode)422);
        Assert.Contains("section", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDocument_AsPlainText_Returns415()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, Examples.Document().ToJsonString(), contentType: "text/plain");
        await AssertOutcome(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PostDocument_WithCharsetParameter_IsAccepted()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, Examples.Document().ToJsonString(),
            contentType: "application/fhir+json; charset=utf-8");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PostDocument_LargerThanLimit_Returns413()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document();
        document["entry"]![0]!["resource"]!["title"] = new string('x', 1_100_000);
        using var response = await Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
        await AssertOutcome(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/fhir/Composition/abc")]
    [InlineData("/fhir/Bundle/abc")]
    public async Task Delete_IsNotAllowed_Returns405(string path)
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Delete, path, token);
        await AssertOutcome(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Read_UnknownComposition_Returns404()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Get, "/fhir/Composition/doesnotexist", token);
        await AssertOutcome(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_WithoutPatient_Returns400()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Get, "/fhir/Composition?type=bes", token);
        await AssertOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_WithUnknownParameterAndStrictHandling_Returns400()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Get,
            $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientTwo}&colour=blue", token,
            headers: new Dictionary<string, string> { ["Prefer"] = "handling=strict" });
        await AssertOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UnknownResourceType_Returns404WithOperationOutcome()
    {
        var token = await fixture.NurseTokenAsync();
        using var response = await Client.SendAsync(HttpMethod.Get, "/fhir/Spaceship/1", token);
        await AssertOutcome(response, HttpStatusCode.NotFound);
    }

    private static async Task<string> AssertOutcome(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal("OperationOutcome", json["resourceType"]!.GetValue<string>());
        Assert.NotEmpty(json["issue"]!.AsArray());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return body;
    }
}
