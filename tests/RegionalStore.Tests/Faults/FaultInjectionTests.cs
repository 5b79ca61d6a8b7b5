using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.Faults;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private StoreServer _store = null!;

    public async Task InitializeAsync() => _store = await StoreServer.StartAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Outage_PostNote_Returns503AndWritesNothing()
    {
        await _store.SetFaultsAsync(new { outage = true });

        using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        using var read = await _store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal(0, (await _store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task Outage_WithStatus_AnswersThatStatus()
    {
        await _store.SetFaultsAsync(new { outage = true, status = 500 });

        using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));

        Assert.Equal(HttpStatusCode.InternalServerError, post.StatusCode);
    }

    [Fact]
    public async Task Outage_WithRetryAfter_SendsTheHeader()
    {
        await _store.SetFaultsAsync(new { outage = true, retryAfterSeconds = 2 });

        using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));

        Assert.Equal(TimeSpan.FromSeconds(2), post.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Outage_AdminAndHealth_AreNotAffected()
    {
        await _store.SetFaultsAsync(new { outage = true });

        using var health = await _store.Client.GetAsync("/healthz");
        using var faults = await _store.Client.GetAsync("/admin/faults");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
        Assert.True((await faults.JsonAsync()).GetProperty("outage").GetBoolean());
    }

    [Fact]
    public async Task FailAfterWrite_PostNote_StoresNoteAndRetryAnswers200WithoutSecondNote()
    {
        await _store.SetFaultsAsync(new { failAfterWrite = true });

        using var first = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(new(1, 1, 0), await _store.StatsAsync());

        using var retry = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("key-1", (await retry.JsonAsync()).Str("externalId"));
        Assert.Equal(new(1, 1, 0), await _store.StatsAsync());
    }

    [Fact]
    public async Task FailureRate_One_FailsEveryApiCallWithoutWriting()
    {
        await _store.SetFaultsAsync(new { failureRate = 1.0, status = 429 });

        for (var i = 0; i < 5; i++)
        {
            using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body($"key-{i}"));
            Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
        }

        Assert.Equal(0, (await _store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task FailureRate_Half_FailsSomeCallsAndLetsOthersThrough()
    {
        await _store.SetFaultsAsync(new { failureRate = 0.5, seed = 42 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body($"key-{i}"));
            statuses.Add(post.StatusCode);
        }

        var created = statuses.Count(s => s == HttpStatusCode.Created);
        Assert.InRange(created, 1, 19);
        Assert.Equal(20 - created, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(created, (await _store.StatsAsync()).Notes);
    }

    [Fact]
    public async Task Latency_ApiCall_IsDelayed()
    {
        await _store.SetFaultsAsync(new { latencyMs = 300 });

        var watch = Stopwatch.StartNew();
        using var read = await _store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task DeleteFaults_AfterOutage_ClearsEveryFault()
    {
        await _store.SetFaultsAsync(new { outage = true, failAfterWrite = true, latencyMs = 10 });

        using var delete = await _store.Client.DeleteAsync("/admin/faults");
        using var post = await _store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        var faults = await (await _store.Client.GetAsync("/admin/faults")).JsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.False(faults.GetProperty("outage").GetBoolean());
        Assert.False(faults.GetProperty("failAfterWrite").GetBoolean());
        Assert.Equal(0, faults.Int("latencyMs"));
        Assert.Equal(503, faults.Int("status"));
    }

    [Fact]
    public async Task SetFaults_FailureRateAboveOne_Returns422()
    {
        using var response = await _store.Client.PostAsJsonAsync("/admin/faults", new { failureRate = 1.5 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }
}
