using System.Data;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Net.Http.Headers;
using RegionalStore.Shared;
using RegionalStore.Storage;

namespace RegionalStore.JournalNotes;

internal enum WriteOutcome
{
    Created,
    AlreadyStored,
    UnknownNote,
    PatientMismatch,
}

internal sealed record NoteWriteResult(WriteOutcome Outcome, JournalNoteView? Note);

/// <summary>Journal notes and their versions in SQLite.</summary>
internal sealed class JournalNoteRepository(StoreDatabase database, TimeProvider time)
{
    private static readonly JsonSerializerOptions KeywordJson = new(JsonSerializerDefaults.Web);

    private const string SelectView = """
        SELECT v.note_id AS NoteId, v.version AS Version, n.external_id AS ExternalId,
               v.external_id AS VersionExternalId, v.patient_id AS PatientId, v.patient_id_type AS PatientIdType,
               v.care_provider_hsa_id AS CareProviderHsaId, v.care_unit_hsa_id AS CareUnitHsaId,
               v.author_hsa_id AS AuthorHsaId, v.author_name AS AuthorName, v.author_role AS AuthorRole,
               v.note_type AS NoteType, v.title AS Title, v.event_time AS EventTime,
               v.event_offset_minutes AS EventOffsetMinutes, v.status AS Status, v.signed_at AS SignedAt,
               v.signer_hsa_id AS SignerHsaId, v.signer_name AS SignerName, v.signer_role AS SignerRole,
               v.supersedes AS Supersedes, v.keywords_json AS KeywordsJson, v.recorded_at AS RecordedAt
        FROM journal_note_versions v
        JOIN journal_notes n ON n.note_id = v.note_id
        """;

    // Set only on the copy RollingBack makes for the start-up rehearsal.
    private bool _rollsBack;

    public async Task<NoteWriteResult> WriteAsync(NewJournalNote note, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        try
        {
            await database.WriteGate.WaitAsync(cancellationToken);
            try
            {
                return await WriteInTransactionAsync(connection, note, commit: !_rollsBack, cancellationToken);
            }
            finally
            {
                database.WriteGate.Release();
            }
        }
        catch (SqliteException e) when (StoreDatabase.IsUniqueViolation(e))
        {
            // Another writer (another process on the same file) stored this externalId first: answer with its note.
            var winner = await FindByExternalIdAsync(connection, null, note.ExternalId!);
            if (winner is null)
            {
                throw;
            }

            return new(WriteOutcome.AlreadyStored, winner);
        }
    }

    /// <summary>
    /// A repository over the same database whose writes go to the end, read the note back, and roll the transaction
    /// back: for the start-up rehearsal, which keeps nothing. Never registered as the store's repository.
    /// </summary>
    public JournalNoteRepository RollingBack() => new(database, time) { _rollsBack = true };

    private async Task<NoteWriteResult> WriteInTransactionAsync(SqliteConnection connection, NewJournalNote note, bool commit, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: one writer at a time, so the check for the externalId and the insert are atomic.
        using var tx = connection.BeginTransaction(IsolationLevel.Serializable);
        var existing = await FindByExternalIdAsync(connection, tx, note.ExternalId!);
        if (existing is not null)
        {
            return new(WriteOutcome.AlreadyStored, existing);
        }

        var now = time.GetUtcNow();
        string noteId;
        int version;
        if (note.Supersedes is { } target)
        {
            var head = await connection.QuerySingleOrDefaultAsync<NoteHead>(new CommandDefinition("""
                SELECT n.current_version AS CurrentVersion, v.patient_id AS PatientId
                FROM journal_notes n
                JOIN journal_note_versions v ON v.note_id = n.note_id AND v.version = n.current_version
                WHERE n.note_id = @target
                """, new { target }, tx, cancellationToken: cancellationToken));
            if (head is null)
            {
                return new(WriteOutcome.UnknownNote, null);
            }

            if (!string.Equals(head.PatientId, note.PatientId, StringComparison.Ordinal))
            {
                return new(WriteOutcome.PatientMismatch, null);
            }

            noteId = target;
            version = (int)head.CurrentVersion + 1;
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE journal_note_versions SET is_latest = 0 WHERE note_id = @noteId AND is_latest = 1;
                UPDATE journal_notes SET current_version = @version WHERE note_id = @noteId;
                """, new { noteId, version }, tx, cancellationToken: cancellationToken));
        }
        else
        {
            noteId = Guid.CreateVersion7(now).ToString();
            version = 1;
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO journal_notes (note_id, external_id, current_version, created_at)
                VALUES (@noteId, @externalId, 1, @createdAt)
                """, new { noteId, externalId = note.ExternalId, createdAt = StoreTime.ToRoundTrip(now) }, tx,
                cancellationToken: cancellationToken));
        }

        await InsertVersionAsync(connection, tx, noteId, version, note, now, cancellationToken);
        if (!commit)
        {
            // A rehearsal: read the row back inside the transaction, which is rolled back when disposed uncommitted.
            return new(WriteOutcome.Created, await GetVersionAsync(connection, tx, noteId, version));
        }

        tx.Commit();
        var stored = await GetVersionAsync(connection, null, noteId, version);
        return new(WriteOutcome.Created, stored);
    }

    /// <summary>Writes a note that was written in the region itself (no externalId); used by the seed.</summary>
    public static void WriteNative(SqliteConnection connection, IDbTransaction tx, string noteId, NewJournalNote note, DateTimeOffset recordedAt)
    {
        connection.Execute("""
            INSERT INTO journal_notes (note_id, external_id, current_version, created_at)
            VALUES (@noteId, NULL, 1, @createdAt)
            """, new { noteId, createdAt = StoreTime.ToRoundTrip(recordedAt) }, tx);
        connection.Execute(InsertVersionSql, VersionArgs(noteId, 1, note, recordedAt), tx);
    }

    private static Task InsertVersionAsync(SqliteConnection connection, IDbTransaction tx, string noteId, int version,
        NewJournalNote note, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertVersionSql, VersionArgs(noteId, version, note, recordedAt), tx,
            cancellationToken: cancellationToken));

    private const string InsertVersionSql = """
            INSERT INTO journal_note_versions (
                note_id, version, is_latest, external_id, patient_id, patient_id_type, care_provider_hsa_id,
                care_unit_hsa_id, author_hsa_id, author_name, author_role, note_type, title, event_time,
                event_offset_minutes, status, signed_at, signer_hsa_id, signer_name, signer_role, supersedes,
                keywords_json, recorded_at)
            VALUES (
                @noteId, @version, 1, @ExternalId, @PatientId, @PatientIdType, @CareProviderHsaId,
                @CareUnitHsaId, @AuthorHsaId, @AuthorName, @AuthorRole, @NoteType, @Title, @EventTime,
                @EventOffsetMinutes, @Status, @SignedAt, @SignerHsaId, @SignerName, @SignerRole, @Supersedes,
                @KeywordsJson, @RecordedAt)
            """;

    private static object VersionArgs(string noteId, int version, NewJournalNote note, DateTimeOffset recordedAt) =>
            new
            {
                noteId,
                version,
                note.ExternalId,
                note.PatientId,
                note.PatientIdType,
                note.CareProviderHsaId,
                note.CareUnitHsaId,
                AuthorHsaId = note.Author.HsaId,
                AuthorName = note.Author.Name,
                AuthorRole = note.Author.Role,
                note.NoteType,
                note.Title,
                EventTime = StoreTime.ToSortable(note.EventTime),
                EventOffsetMinutes = StoreTime.OffsetMinutes(note.EventTime),
                note.Status,
                SignedAt = note.SignedAt is { } s ? StoreTime.ToRoundTrip(s) : null,
                SignerHsaId = note.Signer?.HsaId,
                SignerName = note.Signer?.Name,
                SignerRole = note.Signer?.Role,
                note.Supersedes,
                KeywordsJson = JsonSerializer.Serialize(note.Keywords, KeywordJson),
                RecordedAt = StoreTime.ToRoundTrip(recordedAt),
            };

    public async Task<JournalNoteView?> GetLatestAsync(string noteId, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var row = await connection.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(
            SelectView + " WHERE v.note_id = @noteId AND v.is_latest = 1", new { noteId },
            cancellationToken: cancellationToken));
        return row?.ToView();
    }

    /// <summary>The ETag of the note's version list, or null when there is no such note.</summary>
    public async Task<EntityTagHeaderValue?> VersionsTagAsync(string noteId, CancellationToken cancellationToken)
    {
        var (tag, versions) = await ListTags.CountAsync(database,
            "SELECT COUNT(*) FROM journal_note_versions WHERE note_id = @noteId", new { noteId }, cancellationToken);
        return versions == 0 ? null : tag;
    }

    public async Task<IReadOnlyList<JournalNoteView>> GetVersionsAsync(string noteId, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var rows = await connection.QueryAsync<NoteRow>(new CommandDefinition(
            SelectView + " WHERE v.note_id = @noteId ORDER BY v.version", new { noteId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToView()).ToList();
    }

    /// <summary>The ETag of the patient's note searches: every write about a patient adds a version row.</summary>
    public async Task<EntityTagHeaderValue> PatientTagAsync(string patientId, CancellationToken cancellationToken) =>
        (await ListTags.CountAsync(database, "SELECT COUNT(*) FROM journal_note_versions WHERE patient_id = @patientId",
            new { patientId }, cancellationToken)).Tag;

    // The search's SQL, also read by the growth benchmark for its EXPLAIN QUERY PLAN.
    internal const string SearchFilter = """
         WHERE v.patient_id = @PatientId AND v.is_latest = 1
           AND (@From IS NULL OR v.event_time >= @From)
           AND (@To IS NULL OR v.event_time < @To)
           AND (@CareProvider IS NULL OR v.care_provider_hsa_id = @CareProvider)
           AND (@NoteType IS NULL OR v.note_type = @NoteType)
           AND (@Author IS NULL OR v.author_hsa_id = @Author)
        """;

    internal const string SearchPageSql = SelectView + SearchFilter + " ORDER BY v.event_time DESC, v.note_id DESC LIMIT @Take OFFSET @Skip";

    internal const string SearchCountSql = "SELECT COUNT(*) FROM journal_note_versions v" + SearchFilter;

    public async Task<ItemPage<JournalNoteView>> SearchAsync(JournalNoteFilter filter, CancellationToken cancellationToken)
    {
        var args = new
        {
            filter.PatientId,
            From = filter.From is { } f ? StoreTime.ToSortable(f) : null,
            To = filter.To is { } t ? StoreTime.ToSortable(t) : null,
            filter.CareProvider,
            filter.NoteType,
            filter.Author,
            Take = filter.PageSize,
            Skip = (long)(filter.Page - 1) * filter.PageSize,
        };

        using var connection = database.Open();
        var rows = (await connection.QueryAsync<NoteRow>(new CommandDefinition(SearchPageSql, args, cancellationToken: cancellationToken))).AsList();
        // A first page that is not full holds every match: its length is the total, and the count query is not needed.
        var total = args.Skip == 0 && rows.Count < args.Take
            ? rows.Count
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(SearchCountSql, args, cancellationToken: cancellationToken));
        return new(rows.Select(r => r.ToView()).ToList(), filter.Page, filter.PageSize, (int)total);
    }

    private static async Task<JournalNoteView?> FindByExternalIdAsync(SqliteConnection connection, IDbTransaction? tx, string externalId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<NoteRow>(
            SelectView + " WHERE v.external_id = @externalId", new { externalId }, tx);
        return row?.ToView();
    }

    private static async Task<JournalNoteView?> GetVersionAsync(SqliteConnection connection, IDbTransaction? tx, string noteId, int version)
    {
        var row = await connection.QuerySingleOrDefaultAsync<NoteRow>(
            SelectView + " WHERE v.note_id = @noteId AND v.version = @version", new { noteId, version }, tx);
        return row?.ToView();
    }

    private sealed class NoteHead
    {
        public long CurrentVersion { get; set; }
        public string PatientId { get; set; } = "";
    }

    private sealed class NoteRow
    {
        public string NoteId { get; set; } = "";
        public long Version { get; set; }
        public string? ExternalId { get; set; }
        public string? VersionExternalId { get; set; }
        public string PatientId { get; set; } = "";
        public string PatientIdType { get; set; } = "";
        public string CareProviderHsaId { get; set; } = "";
        public string CareUnitHsaId { get; set; } = "";
        public string AuthorHsaId { get; set; } = "";
        public string? AuthorName { get; set; }
        public string? AuthorRole { get; set; }
        public string NoteType { get; set; } = "";
        public string Title { get; set; } = "";
        public string EventTime { get; set; } = "";
        public long EventOffsetMinutes { get; set; }
        public string Status { get; set; } = "";
        public string? SignedAt { get; set; }
        public string? SignerHsaId { get; set; }
        public string? SignerName { get; set; }
        public string? SignerRole { get; set; }
        public string? Supersedes { get; set; }
        public string KeywordsJson { get; set; } = "[]";
        public string RecordedAt { get; set; } = "";

        public JournalNoteView ToView() => new(
            NoteId,
            (int)Version,
            ExternalId,
            VersionExternalId,
            new PatientRef(PatientId, PatientIdType),
            CareProviderHsaId,
            CareUnitHsaId,
            new StaffRef(AuthorHsaId, AuthorName, AuthorRole),
            NoteType,
            Title,
            StoreTime.FromSortable(EventTime, EventOffsetMinutes),
            Status,
            SignedAt is null ? null : StoreTime.FromRoundTrip(SignedAt),
            SignerHsaId is null ? null : new StaffRef(SignerHsaId, SignerName, SignerRole),
            Supersedes,
            JsonSerializer.Deserialize<List<KeywordEntry>>(KeywordsJson, KeywordJson) ?? [],
            StoreTime.FromRoundTrip(RecordedAt));
    }
}
