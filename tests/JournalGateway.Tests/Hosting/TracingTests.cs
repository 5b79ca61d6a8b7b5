using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Hosting;

/// <summary>Traces cover the incoming request, storage and the call to the regional store, with no personnummer in them.</summary>
public sealed class TracingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task PostAndSearch_EmitStorageAndOutgoingSpansWithoutPersonalData()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("JournalGateway", StringComparison.Ordinal) || source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var token = await fixture.NurseTokenAsync();

        using (var created = await fixture.Client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, Examples.Document(TestIdentities.PatientOld).ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var search = await fixture.Client.SendAsync(HttpMethod.Get,
                   $"/fhir/Composition?patient.identifier={TestIdentities.Personnummer}|{TestIdentities.PatientOld}", token))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        var names = spans.Select(s => s.DisplayName).ToList();
        Assert.Contains("INoteOutbox.AcceptAsync", names);
        Assert.Contains("IAccessLog.AppendAsync", names);
        Assert.DoesNotContain(spans, s => s.DisplayName.Contains(TestIdentities.PatientOld, StringComparison.Ordinal)
            || s.TagObjects.Any(t => t.Value?.ToString()?.Contains(TestIdentities.PatientOld, StringComparison.Ordinal) == true));
    }
}
