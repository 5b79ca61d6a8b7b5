using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JournalGateway.Tests.Support;

namespace JournalGateway.FaultTests.Support;

/// <summary>Counts what the regional store holds, through its own API: notes in total and per externalId.</summary>
public static class StoreProbe
{
    private const int PageSize = 500;
    private const int MaxPages = 100;

    public static async Task SetFaultsAsync(HttpClient store, object faults)
    {
        using var response = await store.PostAsJsonAsync("admin/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public static async Task ClearFaultsAsync(HttpClient store)
    {
        using var response = await store.DeleteAsync("admin/faults");
        response.EnsureSuccessStatusCode();
    }

    public static async Task<long> NoteCountAsync(HttpClient store)
    {
        var stats = await store.GetFromJsonAsync<JsonObject>("admin/stats");
        return stats!["notes"]!.GetValue<long>();
    }

    /// <summary>How many notes of the patient carry each externalId.</summary>
    public static async Task<Dictionary<string, int>> ExternalIdCountsAsync(HttpClient store, string patient)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxPages; page++)
        {
            var body = await store.GetFromJsonAsync<JsonObject>($"api/v1/patients/{patient}/journal-notes?pageSize={PageSize}&page={page}");
            var items = body!["items"]!.AsArray();
            foreach (var externalId in items.Select(item => item!["externalId"]?.GetValue<string>()).OfType<string>())
            {
                counts[externalId] = counts.GetValueOrDefault(externalId) + 1;
            }

            if (items.Count < PageSize)
            {
                break;
            }
        }

        return counts;
    }

    /// <summary>
    /// Waits until every key is in the store, then asserts each exactly once and that the store holds exactly
    /// <paramref name="baseline"/> plus the keys (nothing extra, no duplicate under another id).
    /// </summary>
    public static async Task AssertEachExactlyOnceAsync(HttpClient store, IReadOnlyCollection<string> keys, long baseline, int timeoutSeconds,
        string patient = TestIdentities.PatientJohn)
    {
        Dictionary<string, int> counts = [];
        await Eventually.TrueAsync(async () =>
        {
            counts = await ExternalIdCountsAsync(store, patient);
            return keys.All(counts.ContainsKey);
        }, timeoutSeconds);

        // A late duplicate would come from an attempt still in flight; give those a moment before the final count.
        await Task.Delay(TimeSpan.FromSeconds(1));
        counts = await ExternalIdCountsAsync(store, patient);
        var duplicated = keys.Where(k => counts.GetValueOrDefault(k) != 1).ToList();
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} of {keys.Count} notes are not in the store exactly once.");
        Assert.Equal(baseline + keys.Count, await NoteCountAsync(store));
    }
}
