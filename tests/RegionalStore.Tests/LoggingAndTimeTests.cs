using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests;

public sealed class LoggingAndTimeTests
{
    [Fact]
    public async Task Requests_AtTraceLevel_LogNoPatientId()
    {
        var logs = new CapturingLoggerProvider();
        await using (var store = await StoreServer.StartAsync(seed: true, configure: b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Trace);
            b.Logging.AddProvider(logs);
        }))
        {
            (await store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes?noteType=atb")).Dispose();
            (await store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"))).Dispose();
            var invalid = Notes.Body("key-2");
            invalid["noteType"] = "xyz";
            (await store.Client.PostAsJsonAsync("/api/v1/journal-notes", invalid)).Dispose();
            using var malformed = new StringContent($"{{\"patient\": {{\"id\": \"{Notes.Patient}\"", Encoding.UTF8, "application/json");
            (await store.Client.PostAsync("/api/v1/journal-notes", malformed)).Dispose();
            (await store.Client.GetAsync($"/api/v1/patients/{Notes.Patient}/journal-notes?page=x")).Dispose();
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Notes.Patient, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostNote_WithFakeClock_RecordsTheClocksTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero));
        await using var store = await StoreServer.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));

        using var response = await store.Client.PostAsJsonAsync("/api/v1/journal-notes", Notes.Body("key-1"));
        var note = await response.JsonAsync();

        Assert.Equal(clock.GetUtcNow(), note.GetProperty("recordedAt").GetDateTimeOffset());
    }
}
