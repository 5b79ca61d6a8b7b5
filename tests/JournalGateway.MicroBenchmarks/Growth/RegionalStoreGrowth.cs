using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using RegionalStore;
using RegionalStore.JournalNotes;
using RegionalStore.Storage;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>
/// The regional store's SQLite file with <c>N</c> notes: schema from the store's own <see cref="StoreDatabase.Initialize"/>,
/// rows seeded in bulk (one transaction, prepared statements), then searched by patient through the store's own
/// <see cref="JournalNoteRepository.SearchAsync"/>, as its HTTP API does for the gateway (page size 500, the adapter's).
/// </summary>
internal sealed class RegionalStoreGrowth
{
    private const string Provider = "SE2321000172-0001";
    private const string Unit = "SE2321000172-E100";
    private const int AdapterPageSize = 500;

    // Mirrors JournalNoteRepository.SearchAsync, for EXPLAIN QUERY PLAN only; the timings run the repository itself.
    private const string SearchWhere = """
         WHERE v.patient_id = @PatientId AND v.is_latest = 1
           AND (@From IS NULL OR v.event_time >= @From)
           AND (@To IS NULL OR v.event_time < @To)
           AND (@CareProvider IS NULL OR v.care_provider_hsa_id = @CareProvider)
           AND (@NoteType IS NULL OR v.note_type = @NoteType)
           AND (@Author IS NULL OR v.author_hsa_id = @Author)
        """;

    private const string SearchPage = """
        SELECT v.note_id, v.version, n.external_id, v.keywords_json
        FROM journal_note_versions v
        JOIN journal_notes n ON n.note_id = v.note_id
        """ + SearchWhere + " ORDER BY v.event_time DESC, v.note_id DESC LIMIT @Take OFFSET @Skip";

    private const string SearchCount = "SELECT COUNT(*) FROM journal_note_versions v" + SearchWhere;

    private readonly StoreDatabase _database;
    private readonly JournalNoteRepository _repository;

    public RegionalStoreGrowth(string directory)
    {
        var options = Options.Create(new RegionalStoreOptions { DatabasePath = Path.Combine(directory, "regional-store.db"), Seed = false });
        _database = new StoreDatabase(options, new HostingEnvironment { ContentRootPath = directory });
        _database.Initialize();
        _repository = new JournalNoteRepository(_database, TimeProvider.System);
    }

    /// <summary>Writes <paramref name="count"/> signed notes, ten per patient; <paramref name="target"/> is one of the patients.</summary>
    public TimeSpan Seed(int count, string target)
    {
        var started = Stopwatch.StartNew();
        using var connection = _database.Open();
        // Bulk load: durability of the seed itself does not matter, and the measured queries run on other connections.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;";
            pragma.ExecuteNonQuery();
        }

        using (var transaction = connection.BeginTransaction())
        {
            using var note = connection.CreateCommand();
            note.Transaction = transaction;
            note.CommandText = """
                INSERT INTO journal_notes (note_id, external_id, current_version, created_at)
                VALUES ($noteId, $externalId, 1, $createdAt)
                """;
            var noteId = note.Parameters.Add("$noteId", SqliteType.Text);
            var externalId = note.Parameters.Add("$externalId", SqliteType.Text);
            var createdAt = note.Parameters.Add("$createdAt", SqliteType.Text);
            note.Prepare();

            using var version = connection.CreateCommand();
            version.Transaction = transaction;
            version.CommandText = """
                INSERT INTO journal_note_versions (
                    note_id, version, is_latest, external_id, patient_id, patient_id_type, care_provider_hsa_id,
                    care_unit_hsa_id, author_hsa_id, author_name, author_role, note_type, title, event_time,
                    event_offset_minutes, status, signed_at, signer_hsa_id, signer_name, signer_role, supersedes,
                    keywords_json, recorded_at)
                VALUES (
                    $noteId, 1, 1, $externalId, $patientId, 'personnummer', $provider,
                    $unit, $author, 'Erik Johansson', 'Sjuksköterska', $noteType, 'Hembesök, omläggning', $eventTime,
                    60, 'signed', $signedAt, $author, 'Erik Johansson', 'Sjuksköterska', NULL,
                    $keywords, $recordedAt)
                """;
            var vNoteId = version.Parameters.Add("$noteId", SqliteType.Text);
            var vExternalId = version.Parameters.Add("$externalId", SqliteType.Text);
            var patientId = version.Parameters.Add("$patientId", SqliteType.Text);
            version.Parameters.AddWithValue("$provider", Provider);
            version.Parameters.AddWithValue("$unit", Unit);
            var author = version.Parameters.Add("$author", SqliteType.Text);
            var noteType = version.Parameters.Add("$noteType", SqliteType.Text);
            var eventTime = version.Parameters.Add("$eventTime", SqliteType.Text);
            var signedAt = version.Parameters.Add("$signedAt", SqliteType.Text);
            version.Parameters.AddWithValue("$keywords", GrowthData.KeywordsJson);
            var recordedAt = version.Parameters.Add("$recordedAt", SqliteType.Text);
            version.Prepare();

            foreach (var row in GrowthData.Rows(count, target))
            {
                var id = row.NoteId.ToString();
                noteId.Value = id;
                vNoteId.Value = id;
                // Delivered by a gateway: the store keeps the gateway's idempotency key (unique index).
                var key = (object)row.ExternalId;
                externalId.Value = key;
                vExternalId.Value = key;
                createdAt.Value = StoreTime.ToRoundTrip(row.RecordedAt);
                patientId.Value = row.PatientId;
                author.Value = row.AuthorHsaId;
                noteType.Value = row.NoteType;
                eventTime.Value = StoreTime.ToSortable(row.EventTime);
                signedAt.Value = StoreTime.ToRoundTrip(row.EventTime.AddMinutes(20));
                recordedAt.Value = StoreTime.ToRoundTrip(row.RecordedAt);
                note.ExecuteNonQuery();
                version.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using (var checkpoint = connection.CreateCommand())
        {
            // Leave no seed in the WAL for the measured reads to wade through. No ANALYZE: the store never runs it, so
            // the planner here works without statistics, as in production.
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        return started.Elapsed;
    }

    public async Task PrintPlansAsync(TextWriter output, string target)
    {
        await using var connection = _database.Open();
        var parameters = new Dictionary<string, object?>
        {
            ["@PatientId"] = target, ["@From"] = null, ["@To"] = null, ["@CareProvider"] = null, ["@NoteType"] = null,
            ["@Author"] = null, ["@Take"] = AdapterPageSize, ["@Skip"] = 0,
        };
        QueryPlans.Print(output, "store search, page", await QueryPlans.ExplainAsync(connection, SearchPage, parameters), "v", "n", "journal_note_versions", "journal_notes");
        parameters.Remove("@Take");
        parameters.Remove("@Skip");
        QueryPlans.Print(output, "store search, total", await QueryPlans.ExplainAsync(connection, SearchCount, parameters), "v", "journal_note_versions");
    }

    /// <summary>Search latency for the target patient, who has ten notes; throws if the store does not answer exactly those.</summary>
    public Task<double[]> SampleSearchAsync(string target, int count)
    {
        var filter = new JournalNoteFilter(target, null, null, null, null, null, 1, AdapterPageSize);
        return Latency.SampleAsync(count / 10, count, async _ =>
        {
            var page = await _repository.SearchAsync(filter, CancellationToken.None);
            if (page.Items.Count != GrowthData.NotesPerPatient || page.Total != GrowthData.NotesPerPatient)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The search answered {page.Items.Count} of {page.Total} notes, not {GrowthData.NotesPerPatient}."));
            }
        });
    }
}
