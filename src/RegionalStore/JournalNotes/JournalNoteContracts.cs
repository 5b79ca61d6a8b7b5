namespace RegionalStore.JournalNotes;

// The store's JSON contract. Requests take text for enums and times so that a wrong value is a field error (422)
// rather than a parse failure; views use real types.

public sealed record PatientRef(string? Id, string? IdType);

public sealed record StaffRef(string? HsaId, string? Name, string? Role);

public sealed record KeywordEntry(string? Code, string? Label, string? Text);

public sealed record JournalNoteWrite(
    string? ExternalId,
    PatientRef? Patient,
    string? CareProviderHsaId,
    string? CareUnitHsaId,
    StaffRef? Author,
    string? NoteType,
    string? Title,
    string? EventTime,
    string? Status,
    string? SignedAt,
    StaffRef? Signer,
    string? Supersedes,
    IReadOnlyList<KeywordEntry>? Keywords);

public sealed record JournalNoteView(
    string NoteId,
    int Version,
    string? ExternalId,
    string? VersionExternalId,
    PatientRef Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    StaffRef Author,
    string NoteType,
    string Title,
    DateTimeOffset EventTime,
    string Status,
    DateTimeOffset? SignedAt,
    StaffRef? Signer,
    string? Supersedes,
    IReadOnlyList<KeywordEntry> Keywords,
    DateTimeOffset RecordedAt);

public sealed record ItemPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record VersionList<T>(IReadOnlyList<T> Items);

/// <summary>A validated write, in the store's terms.</summary>
internal sealed record NewJournalNote(
    string? ExternalId,
    string PatientId,
    string PatientIdType,
    string CareProviderHsaId,
    string CareUnitHsaId,
    StaffRef Author,
    string NoteType,
    string Title,
    DateTimeOffset EventTime,
    string Status,
    DateTimeOffset? SignedAt,
    StaffRef? Signer,
    string? Supersedes,
    IReadOnlyList<KeywordEntry> Keywords);

internal sealed record JournalNoteFilter(
    string PatientId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? CareProvider,
    string? NoteType,
    string? Author,
    int Page,
    int PageSize);
