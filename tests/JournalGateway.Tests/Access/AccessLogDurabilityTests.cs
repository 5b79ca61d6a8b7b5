using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Access;

/// <summary>Nothing is shown that is not logged: a read whose log entry cannot be stored is refused with 503.</summary>
public sealed class AccessLogDurabilityTests(FailingAccessLogFixture fixture) : IClassFixture<FailingAccessLogFixture>
{
    [Fact]
    public async Task Search_WhenAccessLogCannotBeWritten_Returns503WithRetryAfter()
    {
        var token = await fixture.NurseTokenAsync();

        using var response = await fixture.Client.SendAsync(HttpMethod.Get,
            $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientJohn}", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("access log", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Composition\"", body.Replace("OperationOutcome", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
