using System.Text.Json.Nodes;

namespace JournalGateway.Tests.Support;

/// <summary>The contract's example resources, each made unique per test (fresh identifiers) so tests do not meet.</summary>
public static class Examples
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Support", "Examples");

    /// <summary>The HSL note document for 195009072553 written at Västerås hemsjukvård, with a fresh Bundle.identifier.</summary>
    public static JsonObject Document(string? patient = null, string? eventTime = null)
    {
        var document = Load("hsl-note-document.json");
        document["identifier"]!["value"] = $"urn:uuid:{Guid.NewGuid()}";
        var composition = document["entry"]![0]!["resource"]!;
        composition["identifier"]!["value"] = $"urn:uuid:{Guid.NewGuid()}";
        if (eventTime is not null)
        {
            composition["date"] = eventTime;
        }

        if (patient is not null)
        {
            document["entry"]![1]!["resource"]!["identifier"]![0]!["value"] = patient;
        }

        return document;
    }

    /// <summary>The HSL note Composition with logical identifier references and a fresh identifier.</summary>
    public static JsonObject Composition(string? patient = null)
    {
        var composition = Load("hsl-note-composition.json");
        composition["identifier"]!["value"] = $"urn:uuid:{Guid.NewGuid()}";
        if (patient is not null)
        {
            composition["subject"]!["identifier"]!["value"] = patient;
        }

        return composition;
    }

    public static string Key(JsonObject resource) =>
        $"{resource["identifier"]!["system"]}|{resource["identifier"]!["value"]}";

    private static JsonObject Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name)))!.AsObject();
}
