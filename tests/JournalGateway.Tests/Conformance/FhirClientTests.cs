using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using JournalGateway.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace JournalGateway.Tests.Conformance;

/// <summary>The gateway driven by the Firely SDK's stock FhirClient, as a regional system's developer would.</summary>
public sealed class FhirClientTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData(ResourceFormat.Json)]
    [InlineData(ResourceFormat.Xml)]
    public async Task FhirClient_CreateSearchPageAndRead_WorksUnchanged(ResourceFormat format)
    {
        var token = await fixture.NurseTokenAsync();
        using var client = new FhirClient(
            new Uri(fixture.Factory.Server.BaseAddress, "/fhir"),
            new FhirClientSettings { PreferredFormat = format, VerifyFhirVersion = true, ReturnPreference = ReturnPreference.Representation },
            fixture.Factory.Server.CreateHandler());
        client.RequestHeaders!.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.RequestHeaders.Add("X-Patient-Relationship", "active");

        var parser = new FhirJsonDeserializer(new DeserializerSettings());
        var created = new List<string>();
        for (var day = 1; day <= 3; day++)
        {
            var json = Examples.Document(TestIdentities.PatientTwo, eventTime: $"2024-0{(int)format + 1}-0{day}T10:00:00+01:00").ToJsonString();
            var document = parser.DeserializeResource(json) as Bundle;
            var stored = await client.CreateAsync(document!);
            Assert.NotNull(stored);
            created.Add(stored!.Entry[0].Resource!.Id!);
        }

        var month = $"2024-0{(int)format + 1}";
        var page = await client.SearchAsync<Composition>(new SearchParams()
            .Add("patient.identifier", $"{TestIdentities.Personnummer}|{TestIdentities.PatientTwo}")
            .Add("date", month)
            .LimitTo(2));
        var found = new List<string>();
        while (page is not null)
        {
            found.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            page = await client.ContinueAsync(page);
        }

        Assert.Equal(created.OrderBy(id => id), found.OrderBy(id => id));

        var read = await client.ReadAsync<Composition>($"Composition/{created[0]}");
        Assert.Equal(created[0], read!.Id);
        Assert.Equal(TestIdentities.PatientTwo, read.Subject!.Identifier!.Value);
    }
}
