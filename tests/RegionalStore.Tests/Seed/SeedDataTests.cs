using System.Net;
using System.Text.Json;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.Seed;

public sealed class SeedDataTests
{
    private static readonly string[] VipsCodes =
    [
        "anamnes", "status", "diagnos", "mal", "atgard", "resultat", "epikris", "kommunikation",
        "andning-cirkulation", "nutrition", "elimination", "hud", "aktivitet", "somn", "smarta-sinnesintryck",
        "sexualitet", "psykosocialt", "valbefinnande", "andligt-kulturellt", "kunskap-utveckling",
    ];

    [Theory]
    [InlineData("195009072553")]
    [InlineData("196101182803")]
    [InlineData("189002029800")]
    public async Task Seed_TestIdentity_HasSignedNativeNotesFromRegionVastmanland(string patient)
    {
        await using var store = await StoreServer.StartAsync(seed: true);

        using var response = await store.Client.GetAsync($"/api/v1/patients/{patient}/journal-notes");
        var items = (await response.JsonAsync()).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(items.Count, 2, 3);
        Assert.All(items, note =>
        {
            Assert.Equal(JsonValueKind.Null, note.GetProperty("externalId").ValueKind);
            Assert.Equal("signed", note.Str("status"));
            Assert.Equal("SE2321000172-0001", note.Str("careProviderHsaId"));
            Assert.Equal("SE2321000172-E100", note.Str("careUnitHsaId"));
            Assert.StartsWith("SE2321000172-P", note.GetProperty("author").Str("hsaId"), StringComparison.Ordinal);
            Assert.Contains(note.Str("noteType"), new[] { "utr", "atb", "ins", "bes" });
            Assert.All(note.GetProperty("keywords").EnumerateArray(), k => Assert.Contains(k.Str("code"), VipsCodes));
        });
    }

    [Fact]
    public async Task Seed_Restart_DoesNotSeedTwice()
    {
        var directory = Directory.CreateTempSubdirectory("regional-store-seed-");
        var settings = new Dictionary<string, string?>
        {
            ["RegionalStore:DatabasePath"] = Path.Combine(directory.FullName, "store.db"),
        };
        try
        {
            await using (var first = await StoreServer.StartAsync(seed: true, settings))
            {
                Assert.Equal(8, (await first.StatsAsync()).Notes);
            }

            await using var second = await StoreServer.StartAsync(seed: true, settings);
            Assert.Equal(8, (await second.StatsAsync()).Notes);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
