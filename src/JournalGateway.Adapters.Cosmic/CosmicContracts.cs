namespace JournalGateway.Adapters.Cosmic;

// The Cosmic-like store's JSON model (camelCase on the wire), as this adapter reads and writes it.

internal sealed record CosmicPatient(string Id, string IdType);

internal sealed record CosmicStaff(string HsaId, string? Name, string? Role);

internal sealed record CosmicKeyword(string Code, string Label, string Text);

internal sealed record CosmicNoteWrite(
    string ExternalId,
    CosmicPatient Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    CosmicStaff Author,
    string NoteType,
    string Title,
    DateTimeOffset EventTime,
    string Status,
    DateTimeOffset? SignedAt,
    CosmicStaff? Signer,
    string? Supersedes,
    IReadOnlyList<CosmicKeyword> Keywords);

internal sealed record CosmicNoteView(
    string NoteId,
    int Version,
    string? ExternalId,
    string? VersionExternalId,
    CosmicPatient Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    CosmicStaff Author,
    string NoteType,
    string Title,
    DateTimeOffset EventTime,
    string Status,
    DateTimeOffset? SignedAt,
    CosmicStaff? Signer,
    string? Supersedes,
    IReadOnlyList<CosmicKeyword>? Keywords,
    DateTimeOffset RecordedAt);

internal sealed record CosmicDocumentWrite(
    string ExternalId,
    CosmicPatient Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    string Basis,
    string ServiceType,
    string MunicipalRecordId,
    string? SourceSystem,
    string? Title,
    DateTimeOffset Date,
    CosmicStaff? Author);

internal sealed record CosmicDocumentView(
    string DocumentId,
    string ExternalId,
    CosmicPatient Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    string Basis,
    string ServiceType,
    string MunicipalRecordId,
    string? SourceSystem,
    string? Title,
    DateTimeOffset Date,
    CosmicStaff? Author,
    DateTimeOffset RecordedAt);

internal sealed record CosmicPage<T>(IReadOnlyList<T>? Items, int Page, int PageSize, int Total);

internal sealed record CosmicItems<T>(IReadOnlyList<T>? Items);

/// <summary>The parts of a problem answer that carry no personal data: its title and the names of the fields at fault.</summary>
internal sealed record CosmicProblem(string? Title, int? Status, Dictionary<string, string[]>? Errors);
