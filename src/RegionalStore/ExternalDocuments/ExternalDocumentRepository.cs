using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;
using RegionalStore.JournalNotes;
using RegionalStore.Shared;
using RegionalStore.Storage;

namespace RegionalStore.ExternalDocuments;

internal sealed record DocumentWriteResult(bool Created, ExternalDocumentView Document);

/// <summary>External document links in SQLite.</summary>
internal sealed class ExternalDocumentRepository(StoreDatabase database, TimeProvider time)
{
    private const string SelectView = """
        SELECT document_id AS DocumentId, external_id AS ExternalId, patient_id AS PatientId,
               patient_id_type AS PatientIdType, care_provider_hsa_id AS CareProviderHsaId,
               care_unit_hsa_id AS CareUnitHsaId, basis AS Basis, service_type AS ServiceType,
               municipal_record_id AS MunicipalRecordId, source_system AS SourceSystem, title AS Title,
               date AS Date, date_offset_minutes AS DateOffsetMinutes, author_hsa_id AS AuthorHsaId,
               author_name AS AuthorName, author_role AS AuthorRole, recorded_at AS RecordedAt
        FROM external_documents d
        """;

    public async Task<DocumentWriteResult> WriteAsync(NewExternalDocument document, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var existing = await FindByExternalIdAsync(connection, document.ExternalId);
        if (existing is not null)
        {
            return new(false, existing);
        }

        var now = time.GetUtcNow();
        var documentId = Guid.CreateVersion7(now).ToString();
        try
        {
            // A single INSERT is atomic; the unique index on external_id settles a race between two writers.
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO external_documents (
                    document_id, external_id, patient_id, patient_id_type, care_provider_hsa_id, care_unit_hsa_id,
                    basis, service_type, municipal_record_id, source_system, title, date, date_offset_minutes,
                    author_hsa_id, author_name, author_role, recorded_at)
                VALUES (
                    @documentId, @ExternalId, @PatientId, @PatientIdType, @CareProviderHsaId, @CareUnitHsaId,
                    @Basis, @ServiceType, @MunicipalRecordId, @SourceSystem, @Title, @Date, @DateOffsetMinutes,
                    @AuthorHsaId, @AuthorName, @AuthorRole, @RecordedAt)
                """,
                new
                {
                    documentId,
                    document.ExternalId,
                    document.PatientId,
                    document.PatientIdType,
                    document.CareProviderHsaId,
                    document.CareUnitHsaId,
                    document.Basis,
                    document.ServiceType,
                    document.MunicipalRecordId,
                    document.SourceSystem,
                    document.Title,
                    Date = StoreTime.ToSortable(document.Date),
                    DateOffsetMinutes = StoreTime.OffsetMinutes(document.Date),
                    AuthorHsaId = document.Author?.HsaId,
                    AuthorName = document.Author?.Name,
                    AuthorRole = document.Author?.Role,
                    RecordedAt = StoreTime.ToRoundTrip(now),
                }, cancellationToken: cancellationToken));
        }
        catch (SqliteException e) when (StoreDatabase.IsUniqueViolation(e))
        {
            var winner = await FindByExternalIdAsync(connection, document.ExternalId);
            if (winner is null)
            {
                throw;
            }

            return new(false, winner);
        }

        return new(true, (await GetAsync(documentId, cancellationToken))!);
    }

    public async Task<ExternalDocumentView?> GetAsync(string documentId, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
            SelectView + " WHERE d.document_id = @documentId", new { documentId }, cancellationToken: cancellationToken));
        return row?.ToView();
    }

    /// <summary>The ETag of the patient's link searches: links are only ever added.</summary>
    public async Task<EntityTagHeaderValue> PatientTagAsync(string patientId, CancellationToken cancellationToken) =>
        (await ListTags.CountAsync(database, "SELECT COUNT(*) FROM external_documents WHERE patient_id = @patientId",
            new { patientId }, cancellationToken)).Tag;

    public async Task<ItemPage<ExternalDocumentView>> SearchAsync(ExternalDocumentFilter filter, CancellationToken cancellationToken)
    {
        const string where = """
             WHERE d.patient_id = @PatientId
               AND (@From IS NULL OR d.date >= @From)
               AND (@To IS NULL OR d.date < @To)
               AND (@CareProvider IS NULL OR d.care_provider_hsa_id = @CareProvider)
            """;
        var args = new
        {
            filter.PatientId,
            From = filter.From is { } f ? StoreTime.ToSortable(f) : null,
            To = filter.To is { } t ? StoreTime.ToSortable(t) : null,
            filter.CareProvider,
            Take = filter.PageSize,
            Skip = (long)(filter.Page - 1) * filter.PageSize,
        };

        using var connection = database.Open();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM external_documents d" + where, args, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<DocumentRow>(new CommandDefinition(
            SelectView + where + " ORDER BY d.date DESC, d.document_id DESC LIMIT @Take OFFSET @Skip", args,
            cancellationToken: cancellationToken));
        return new(rows.Select(r => r.ToView()).ToList(), filter.Page, filter.PageSize, (int)total);
    }

    private static async Task<ExternalDocumentView?> FindByExternalIdAsync(SqliteConnection connection, string externalId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DocumentRow>(
            SelectView + " WHERE d.external_id = @externalId", new { externalId });
        return row?.ToView();
    }

    private sealed class DocumentRow
    {
        public string DocumentId { get; set; } = "";
        public string ExternalId { get; set; } = "";
        public string PatientId { get; set; } = "";
        public string PatientIdType { get; set; } = "";
        public string CareProviderHsaId { get; set; } = "";
        public string CareUnitHsaId { get; set; } = "";
        public string Basis { get; set; } = "";
        public string ServiceType { get; set; } = "";
        public string MunicipalRecordId { get; set; } = "";
        public string? SourceSystem { get; set; }
        public string? Title { get; set; }
        public string Date { get; set; } = "";
        public long DateOffsetMinutes { get; set; }
        public string? AuthorHsaId { get; set; }
        public string? AuthorName { get; set; }
        public string? AuthorRole { get; set; }
        public string RecordedAt { get; set; } = "";

        public ExternalDocumentView ToView() => new(
            DocumentId,
            ExternalId,
            new PatientRef(PatientId, PatientIdType),
            CareProviderHsaId,
            CareUnitHsaId,
            Basis,
            ServiceType,
            MunicipalRecordId,
            SourceSystem,
            Title,
            StoreTime.FromSortable(Date, DateOffsetMinutes),
            AuthorHsaId is null ? null : new StaffRef(AuthorHsaId, AuthorName, AuthorRole),
            StoreTime.FromRoundTrip(RecordedAt));
    }
}
