using System.Text.Json;

namespace RegionalStore.Tests.Support;

/// <summary>Reading answers as JSON documents keeps the tests honest about the wire contract.</summary>
public static class Views
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return document.RootElement.Clone();
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();
}
