using System.Net;
using System.Xml.Linq;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Conformance;

public sealed class MetadataTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Metadata_InJson_ListsCompositionCreateReadAndSearchWithoutToken()
    {
        using var response = await fixture.Client.SendAsync(HttpMethod.Get, "/fhir/metadata", token: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = await GatewayClient.JsonAsync(response);
        Assert.Equal("CapabilityStatement", statement["resourceType"]!.GetValue<string>());
        Assert.Equal("4.0.1", statement["fhirVersion"]!.GetValue<string>());
        var composition = statement["rest"]![0]!["resource"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "Composition")!;
        var interactions = composition["interaction"]!.AsArray().Select(i => i!["code"]!.GetValue<string>()).ToList();
        Assert.Contains("create", interactions);
        Assert.Contains("read", interactions);
        Assert.Contains("search-type", interactions);
        Assert.Contains("vread", interactions);
        var parameters = composition["searchParam"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("patient.identifier", parameters);
        Assert.Contains("date", parameters);
        Assert.DoesNotContain(interactions, i => i == "delete");
    }

    [Theory]
    [InlineData("/fhir/metadata?_format=xml", null)]
    [InlineData("/fhir/metadata", "application/fhir+xml")]
    public async Task Metadata_InXml_IsServedByFormatOrAccept(string path, string? accept)
    {
        using var response = await fixture.Client.SendAsync(HttpMethod.Get, path, token: null, accept: accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/fhir+xml", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("CapabilityStatement", xml.Root!.Name.LocalName);
    }

    [Fact]
    public async Task PostDocument_InXml_RoundTripsInXml()
    {
        var token = await fixture.NurseTokenAsync();
        var parser = new Hl7.Fhir.Serialization.FhirJsonDeserializer(new Hl7.Fhir.Serialization.DeserializerSettings());
        var bundle = Hl7.Fhir.Serialization.PocoDeserializationExtensions.DeserializeResource(parser, Examples.Document(TestIdentities.PatientTwo).ToJsonString());
        var xml = Hl7.Fhir.Serialization.PocoSerializationExtensions.ToXml(bundle);

        using var created = await fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, xml,
            contentType: "application/fhir+xml", accept: "application/fhir+xml");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = XDocument.Parse(await created.Content.ReadAsStringAsync());
        XNamespace fhir = "http://hl7.org/fhir";
        var compositionId = stored.Root!.Element(fhir + "entry")!.Element(fhir + "resource")!.Element(fhir + "Composition")!
            .Element(fhir + "id")!.Attribute("value")!.Value;
        using var read = await fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{compositionId}?_format=xml", token, accept: null);
        var composition = XDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal("Composition", composition.Root!.Name.LocalName);
        Assert.Equal(3, composition.Root.Elements(fhir + "section").Count());
    }
}
