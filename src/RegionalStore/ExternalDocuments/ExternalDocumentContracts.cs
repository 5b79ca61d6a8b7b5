using RegionalStore.JournalNotes;

namespace RegionalStore.ExternalDocuments;

// A link to a document kept in another system (a municipality's SoL/LSS record): never its content.

public sealed record ExternalDocumentWrite(
    string? ExternalId,
    PatientRef? Patient,
    string? CareProviderHsaId,
    string? CareUnitHsaId,
    string? Basis,
    string? ServiceType,
    string? MunicipalRecordId,
    string? SourceSystem,
    string? Title,
    string? Date,
    StaffRef? Author);

public sealed record ExternalDocumentView(
    string DocumentId,
    string ExternalId,
    PatientRef Patient,
    string CareProviderHsaId,
    string CareUnitHsaId,
    string Basis,
    string ServiceType,
    string MunicipalRecordId,
    string? SourceSystem,
    string? Title,
    DateTimeOffset Date,
    StaffRef? Author,
    DateTimeOffset RecordedAt);

internal sealed record NewExternalDocument(
    string ExternalId,
    string PatientId,
    string PatientIdType,
    string CareProviderHsaId,
    string CareUnitHsaId,
    string Basis,
    string ServiceType,
    string MunicipalRecordId,
    string? SourceSystem,
    string? Title,
    DateTimeOffset Date,
    StaffRef? Author);

internal sealed record ExternalDocumentFilter(
    string PatientId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? CareProvider,
    int Page,
    int PageSize);
