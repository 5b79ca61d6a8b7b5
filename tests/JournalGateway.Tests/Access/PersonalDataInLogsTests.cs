using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Access;

/// <summary>Personnummer, names and note text stay out of the application's logs, even when a path carries one.</summary>
public sealed class PersonalDataInLogsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task WriteSearchReadAndErrors_LeaveNoPersonalDataInLogs()
    {
        var token = await fixture.NurseTokenAsync();
        var document = Examples.Document(TestIdentities.PatientJohn);
        using (var created = await fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var search = await fixture.Client.SendAsync(HttpMethod.Get,
                   $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}", token))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        // A path that carries a personnummer is logged by the request log: the masking step must catch it.
        using (var unknown = await fixture.Client.SendAsync(HttpMethod.Get, $"/fhir/Composition/{TestIdentities.PatientJohn}", token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var lines = fixture.Factory.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/fhir/Composition/", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(TestIdentities.PatientJohn, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Goode Johansson", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Andas lugnt", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Sjuksköterska", StringComparison.Ordinal));
    }
}
