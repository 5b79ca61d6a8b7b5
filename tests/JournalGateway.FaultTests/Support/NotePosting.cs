using System.Net;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Support;

/// <summary>Posts fresh HSL note documents, asserting 201 for each, and returns their idempotency keys.</summary>
public static class NotePosting
{
    public static async Task<IReadOnlyList<string>> PostDocumentsAsync(
        IReadOnlyList<(GatewayClient Client, string Token)> gateways, int count, int parallelism)
    {
        var keys = new string[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) =>
            {
                // Round-robin across the gateways.
                var (client, token) = gateways[i % gateways.Count];
                var document = Examples.Document();
                using var response = await client.SendAsync(HttpMethod.Post, "/fhir/Bundle", token, document.ToJsonString());
                Assert.True(response.StatusCode == HttpStatusCode.Created,
                    $"Note {i} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                keys[i] = Examples.Key(document);
            });
        return keys;
    }
}
