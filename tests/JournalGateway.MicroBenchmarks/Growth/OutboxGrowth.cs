using System.Diagnostics;
using System.Globalization;
using System.Text;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Outbox;
using JournalGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace JournalGateway.MicroBenchmarks.Growth;

/// <summary>
/// The gateway's outbox on SQLite with <c>N</c> delivered notes: schema from the storage's own migrator, rows seeded
/// in bulk, then measured through <see cref="SqliteNoteOutbox"/> itself: the read path's lookup of a patient's
/// undelivered notes, durable appends (a write's <c>AcceptAsync</c>), the delivery worker's claims and confirmations,
/// and the metrics' count by state.
/// </summary>
internal sealed class OutboxGrowth : IDisposable
{
    private const int ClaimBatch = 32;

    // Mirror SqliteNoteOutbox's queries, for EXPLAIN QUERY PLAN only; the timings run the outbox itself.
    private const string ClaimSelect = """
        SELECT o.rowid FROM outbox_notes o
        WHERE ((o.state = 'pending' AND o.next_attempt_at <= @now)
            OR (o.state = 'delivering' AND o.lease_until < @now))
          AND NOT EXISTS (SELECT 1 FROM outbox_notes e
                          WHERE e.note_id = o.note_id AND e.version < o.version AND e.state IN ('pending', 'delivering'))
        ORDER BY o.next_attempt_at, o.accepted_at, o.note_id, o.version
        LIMIT @max
        """;

    private const string Undelivered = """
        SELECT o.note_id FROM outbox_notes o
        WHERE o.patient_kind = @kind AND o.patient_value = @value
          AND o.version = (SELECT MAX(m.version) FROM outbox_notes m WHERE m.note_id = o.note_id)
          AND o.state <> 'delivered'
        ORDER BY o.accepted_at, o.note_id
        """;

    private const string ByKey = "SELECT note_id FROM outbox_notes WHERE idempotency_key = @key";

    private readonly SqliteDatabase _database;
    private readonly SqliteNoteOutbox _outbox;
    private readonly string _representation;
    private int _appended;
    private int _delivered;

    public OutboxGrowth(string directory, string representation)
    {
        _database = new SqliteDatabase(Path.Combine(directory, "gateway.db"), 10_000, NullLogger<SqliteDatabase>.Instance);
        new SqliteStorageMigrator(_database, TimeProvider.System, NullLogger<SqliteStorageMigrator>.Instance)
            .MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _outbox = new SqliteNoteOutbox(_database);
        _representation = representation;
    }

    /// <summary>
    /// Writes <paramref name="count"/> delivered notes with <paramref name="representation"/> as the stored document
    /// (the full standard document, or a stub where the full one would make the file too large to seed in time).
    /// One set-based statement in one transaction: SQLite generates the rows itself. Every row's note JSON is the
    /// same note with the row's patient (no seeded row's note is ever read back; the measured rows are written by the
    /// outbox itself).
    /// </summary>
    public async Task<TimeSpan> SeedAsync(int count, string target, string representation)
    {
        const string PatientPlaceholder = "__PATIENT__";
        var started = Stopwatch.StartNew();
        var template = GrowthData.Rows(1, PatientPlaceholder).First();
        var noteJson = NoteJson.Serialize(GrowthData.Note(template));

        await using var connection = await _database.OpenAsync(CancellationToken.None);
        // Bulk load: durability of the seed itself does not matter until it is complete, and a cache of 2 GB keeps a
        // million rows' random index inserts from spilling to the WAL mid-transaction.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = OFF; PRAGMA cache_size = -2097152;");
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            var patient = GrowthSql.Patient("i", "$patients", "$target");
            await ExecuteAsync(connection, transaction, $"""
                WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < $count - 1)
                INSERT INTO outbox_notes (
                    note_id, version, idempotency_key, submission_type, submission_id, patient_kind, patient_value,
                    schema_version, note_json, representation, accepted_at, state, attempts, next_attempt_at,
                    lease_until, last_error, regional_id, delivered_at)
                SELECT {GrowthSql.NoteId("i")}, 1, {GrowthSql.RandomKey}, 'Bundle', {GrowthSql.SubmissionId("i")}, 'personnummer', {patient},
                       $schemaVersion, replace($noteJson, '{PatientPlaceholder}', {patient}), $representation,
                       {GrowthSql.UnixMilliseconds("i + 30")}, 'delivered', 1, {GrowthSql.UnixMilliseconds("i + 30")},
                       NULL, NULL, {GrowthSql.RegionalId("i")}, {GrowthSql.UnixMilliseconds("i + 31")}
                FROM seq
                """,
                ("$count", count), ("$patients", GrowthData.Patients(count)), ("$target", target),
                ("$schemaVersion", NoteJson.CurrentSchemaVersion), ("$noteJson", noteJson), ("$representation", representation));
            await transaction.CommitAsync();
        }

        // No ANALYZE: the gateway never runs it, so the planner works without statistics, as in production.
        // The checkpoint with synchronous=FULL also flushes the file to disk: otherwise the first measured commit's fsync
        // would pay for writing back the whole seed. The connection goes back to the pool: leave it with SQLite's
        // default cache, as the storage's own connections have.
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA cache_size = -2000;");
        return started.Elapsed;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    public async Task PrintPlansAsync(TextWriter output, string target)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        QueryPlans.Print(output, "outbox claim", await QueryPlans.ExplainAsync(connection, ClaimSelect,
            new Dictionary<string, object?> { ["@now"] = 0L, ["@max"] = ClaimBatch }), "o", "e", "outbox_notes");
        QueryPlans.Print(output, "outbox undelivered of a patient", await QueryPlans.ExplainAsync(connection, Undelivered,
            new Dictionary<string, object?> { ["@kind"] = "personnummer", ["@value"] = target }), "o", "m", "outbox_notes");
        QueryPlans.Print(output, "outbox by idempotency key", await QueryPlans.ExplainAsync(connection, ByKey,
            new Dictionary<string, object?> { ["@key"] = "x" }), "outbox_notes");
    }

    /// <summary>The read path's lookup of the target's undelivered notes (none: all are delivered).</summary>
    public Task<double[]> SampleUndeliveredAsync(string target, int count)
    {
        var patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, target);
        return Latency.SampleAsync(count / 10, count, async _ =>
        {
            var notes = await _outbox.FindUndeliveredAsync(patient, CancellationToken.None);
            if (notes.Count != 0)
            {
                throw new InvalidOperationException("The seeded notes are all delivered; the outbox says otherwise.");
            }
        });
    }

    /// <summary>One new note accepted (a durable commit), as a write does; returns its time in microseconds.</summary>
    public async Task<double> AppendOneAsync(DateTimeOffset now)
    {
        // A fresh synthetic patient (99...) and a fresh idempotency key: every append creates a note.
        var number = ++_appended;
        var row = new GrowthRow(
            Guid.CreateVersion7(now), $"urn:ietf:rfc:3986|urn:uuid:{Guid.NewGuid()}", "98" + number.ToString("D10", CultureInfo.InvariantCulture),
            "SE2120002080-P001", "bes", now.AddHours(-1), now);
        var note = new AcceptedNote
        {
            NoteId = row.NoteId.ToString(),
            Version = 1,
            SubmissionType = "Bundle",
            SubmissionId = Guid.CreateVersion7(now).ToString(),
            IdempotencyKey = row.ExternalId,
            Note = GrowthData.Note(row),
            Representation = _representation,
            AcceptedAt = now,
            NextAttemptAt = now,
        };

        var started = Stopwatch.GetTimestamp();
        var result = await _outbox.AcceptAsync(note, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        if (!result.Created)
        {
            throw new InvalidOperationException("A fresh idempotency key was taken for a repeat.");
        }

        return elapsed;
    }

    /// <summary>
    /// The delivery worker's side: claims what the appends made due, <see cref="ClaimBatch"/> at a time, and confirms
    /// each delivered. Returns the claim and confirm times in microseconds.
    /// </summary>
    public async Task<(double[] Claim, double[] Confirm)> SampleDeliveriesAsync(DateTimeOffset now)
    {
        var claims = new List<double>();
        var confirms = new List<double>();
        var claimed = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var batch = await _outbox.ClaimDueAsync(ClaimBatch, now.AddSeconds(1), now.AddMinutes(1), CancellationToken.None);
            if (batch.Count == 0)
            {
                break;
            }

            claims.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            claimed += batch.Count;
            foreach (var note in batch)
            {
                started = Stopwatch.GetTimestamp();
                await _outbox.MarkDeliveredAsync(note.NoteId, note.Version, Guid.NewGuid().ToString(), now.AddSeconds(2), CancellationToken.None);
                confirms.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        if (claimed != _appended - _delivered)
        {
            throw new InvalidOperationException($"Claimed {claimed} of the {_appended - _delivered} appended notes.");
        }

        _delivered = _appended;
        return ([.. claims], [.. confirms]);
    }

    /// <summary>The delivery metrics' count by state (refreshed in the background, not on a request).</summary>
    public Task<double[]> SampleCountByStateAsync(int count) =>
        Latency.SampleAsync(1, count, async _ => await _outbox.CountByStateAsync(CancellationToken.None));

    public void Dispose() => _database.Dispose();

    public static string RepresentationOf(byte[] document) => Encoding.UTF8.GetString(document);
}
