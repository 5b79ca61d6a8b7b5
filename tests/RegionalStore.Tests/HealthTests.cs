using System.Net;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_Running_Returns200()
    {
        await using var store = await StoreServer.StartAsync();

        using var response = await store.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var store = await StoreServer.StartAsync();

        using var response = await store.Client.GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
