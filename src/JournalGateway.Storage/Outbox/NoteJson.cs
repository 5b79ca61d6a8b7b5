using System.Text.Json;
using System.Text.Json.Serialization;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;

namespace JournalGateway.Storage.Outbox;

/// <summary>
/// The stored JSON form of an <see cref="HslNote"/>. Explicit DTOs with fixed names, not the domain record
/// itself, so that refactoring the domain cannot silently change or break what older rows hold. A change of
/// shape gets a new <see cref="CurrentSchemaVersion"/> (stored per row in <c>schema_version</c>) and a reader
/// for the old one.
/// </summary>
internal static class NoteJson
{
    public const int CurrentSchemaVersion = 1;

    public static string Serialize(HslNote note) =>
        JsonSerializer.Serialize(NoteDocumentV1.From(note), NoteJsonContext.Default.NoteDocumentV1);

    public static HslNote Deserialize(string json, int schemaVersion) => schemaVersion switch
    {
        1 => (JsonSerializer.Deserialize(json, NoteJsonContext.Default.NoteDocumentV1)
              ?? throw new InvalidDataException("Stored note is empty.")).ToDomain(),
        _ => throw new InvalidDataException($"Stored note has schema version {schemaVersion}; this build reads up to {CurrentSchemaVersion}."),
    };
}

internal sealed record PatientDocumentV1(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("value")] string Value);

internal sealed record PersonDocumentV1(
    [property: JsonPropertyName("hsaId")] string HsaId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("role")] string? Role)
{
    public static PersonDocumentV1? From(NoteAuthor? author) =>
        author is null ? null : new(author.HsaId.Value, author.Name, author.Role);

    public NoteAuthor ToDomain() => new(new HsaId(HsaId), Name, Role);
}

internal sealed record KeywordDocumentV1(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("text")] string Text);

internal sealed record NoteDocumentV1(
    [property: JsonPropertyName("externalId")] string ExternalId,
    [property: JsonPropertyName("patient")] PatientDocumentV1 Patient,
    [property: JsonPropertyName("careProvider")] string CareProvider,
    [property: JsonPropertyName("careUnit")] string CareUnit,
    [property: JsonPropertyName("author")] PersonDocumentV1 Author,
    [property: JsonPropertyName("noteType")] string NoteType,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("eventTime")] DateTimeOffset EventTime,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("signedAt")] DateTimeOffset? SignedAt,
    [property: JsonPropertyName("signer")] PersonDocumentV1? Signer,
    [property: JsonPropertyName("keywords")] IReadOnlyList<KeywordDocumentV1> Keywords,
    [property: JsonPropertyName("documentationBasis")] string DocumentationBasis)
{
    public static NoteDocumentV1 From(HslNote note) => new(
        note.ExternalId,
        new PatientDocumentV1(OutboxCodes.ToCode(note.Patient.Kind), note.Patient.Value),
        note.CareProvider.Value,
        note.CareUnit.Value,
        PersonDocumentV1.From(note.Author)!,
        note.NoteType,
        note.Title,
        note.EventTime,
        note.Status switch
        {
            NoteStatus.Unsigned => "unsigned",
            NoteStatus.Signed => "signed",
            NoteStatus.Amended => "amended",
            _ => throw new ArgumentOutOfRangeException(nameof(note), note.Status, "Unknown note status."),
        },
        note.SignedAt,
        PersonDocumentV1.From(note.Signer),
        [.. note.Keywords.Select(k => new KeywordDocumentV1(k.Code, k.Label, k.Text))],
        note.DocumentationBasis);

    public HslNote ToDomain() => new()
    {
        ExternalId = ExternalId,
        Patient = new PatientIdentifier(OutboxCodes.ToPatientKind(Patient.Kind), Patient.Value),
        CareProvider = new HsaId(CareProvider),
        CareUnit = new HsaId(CareUnit),
        Author = Author.ToDomain(),
        NoteType = NoteType,
        Title = Title,
        EventTime = EventTime,
        Status = Status switch
        {
            "unsigned" => NoteStatus.Unsigned,
            "signed" => NoteStatus.Signed,
            "amended" => NoteStatus.Amended,
            _ => throw new InvalidDataException($"Unknown note status '{Status}' in a stored note."),
        },
        SignedAt = SignedAt,
        Signer = Signer?.ToDomain(),
        Keywords = [.. (Keywords ?? []).Select(k => new NoteKeyword(k.Code, k.Label, k.Text))],
        DocumentationBasis = DocumentationBasis,
    };
}

// Source-generated: no reflection at run time, and the contract is visible in one place.
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(NoteDocumentV1))]
internal sealed partial class NoteJsonContext : JsonSerializerContext;
