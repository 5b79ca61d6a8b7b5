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

    private readonly StoreDatabase _database;
    private readonly JournalNoteRepository _repository;

    public RegionalStoreGrowth(string directory)
    {
        var options = Options.Create(new RegionalStoreOptions { DatabasePath = Path.Combine(directory, "regional-store.db"), Seed = false });
        _database = new StoreDatabase(options, new HostingEnvironment { ContentRootPath = directory });
        _database.Initialize();
        _repository = new JournalNoteRepository(_database, TimeProvider.System);
    }

    /// <summary>
    /// Writes <paramref name="count"/> signed notes, ten per patient, each patient's notes spread through the load;
    /// <paramref name="target"/> is one of the patients. Two set-based statements in one transaction: SQLite generates
    /// the rows itself, so a million notes cost seconds rather than a million round trips through ADO.NET.
    /// </summary>
    public TimeSpan Seed(int count, string target)
    {
        var started = Stopwatch.StartNew();
        using var connection = _database.Open();
        // Bulk load: durability of the seed itself does not matter (the measured work runs on other connections), and a
        // cache of 2 GB keeps a million rows' random index inserts from spilling to the WAL mid-transaction.
        Execute(connection, null, "PRAGMA synchronous = OFF; PRAGMA cache_size = -2097152;");
        using (var transaction = connection.BeginTransaction())
        {
            // The notes first (a version references its note); rowid - 1 is then the note's number i.
            Execute(connection, transaction, $"""
                WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < $count - 1)
                INSERT INTO journal_notes (note_id, external_id, current_version, created_at)
                SELECT {GrowthSql.NoteId("i")}, {GrowthSql.RandomKey}, 1, {GrowthSql.RoundTrip("i + 30")} FROM seq
                """, ("$count", count));
            Execute(connection, transaction, $"""
                INSERT INTO journal_note_versions (
                    note_id, version, is_latest, external_id, patient_id, patient_id_type, care_provider_hsa_id,
                    care_unit_hsa_id, author_hsa_id, author_name, author_role, note_type, title, event_time,
                    event_offset_minutes, status, signed_at, signer_hsa_id, signer_name, signer_role, supersedes,
                    keywords_json, recorded_at)
                SELECT n.note_id, 1, 1, n.external_id, {GrowthSql.Patient("n.rowid - 1", "$patients", "$target")}, 'personnummer',
                       '{Provider}', '{Unit}', {GrowthSql.Author("n.rowid - 1")}, 'Erik Johansson', 'Sjuksköterska',
                       {GrowthSql.NoteType("n.rowid - 1")}, 'Hembesök, omläggning', {GrowthSql.Sortable("n.rowid - 1")}, 60, 'signed',
                       {GrowthSql.RoundTrip("n.rowid - 1 + 20")}, {GrowthSql.Author("n.rowid - 1")}, 'Erik Johansson', 'Sjuksköterska', NULL,
                       $keywords, n.created_at
                FROM journal_notes n
                """, ("$patients", GrowthData.Patients(count)), ("$target", target), ("$keywords", GrowthData.KeywordsJson));
            transaction.Commit();
        }

        // Leave no seed in the WAL for the measured reads to wade through. No ANALYZE: the store never runs it, so
        // the planner here works without statistics, as in production.
        // The checkpoint with synchronous=FULL also flushes the file to disk: otherwise the first measured commit's fsync
        // would pay for writing back the whole seed. The connection goes back to the pool: leave it with SQLite's
        // default cache, as the store's own connections have.
        Execute(connection, null, "PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA cache_size = -2000;");
        return started.Elapsed;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public async Task PrintPlansAsync(TextWriter output, string target)
    {
        await using var connection = _database.Open();
        var parameters = new Dictionary<string, object?>
        {
            ["@PatientId"] = target, ["@From"] = null, ["@To"] = null, ["@CareProvider"] = null, ["@NoteType"] = null,
            ["@Author"] = null, ["@Take"] = AdapterPageSize, ["@Skip"] = 0,
        };
        QueryPlans.Print(output, "store search, page", await QueryPlans.ExplainAsync(connection, JournalNoteRepository.SearchPageSql, parameters), "v", "n", "journal_note_versions", "journal_notes");
        parameters.Remove("@Take");
        parameters.Remove("@Skip");
        QueryPlans.Print(output, "store search, total", await QueryPlans.ExplainAsync(connection, JournalNoteRepository.SearchCountSql, parameters), "v", "journal_note_versions");
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
