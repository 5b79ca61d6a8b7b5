using Dapper;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace JournalGateway.Storage.Sqlite;

/// <summary>
/// The outbox on SQLite. Every write is one <c>BEGIN IMMEDIATE</c> transaction committed with
/// <c>synchronous=FULL</c> before the call returns, so an accepted note survives a crash or power loss.
/// </summary>
internal sealed class SqliteNoteOutbox(SqliteDatabase database) : INoteOutbox
{
    private const string Columns = """
        note_id AS NoteId, version AS Version, idempotency_key AS IdempotencyKey,
        submission_type AS SubmissionType, submission_id AS SubmissionId, schema_version AS SchemaVersion,
        note_json AS NoteJson, representation AS Representation, accepted_at AS AcceptedAt, state AS State,
        attempts AS Attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError,
        regional_id AS RegionalId, delivered_at AS DeliveredAt
        """;

    private const string InsertColumns = """
        note_id, version, idempotency_key, submission_type, submission_id, patient_kind, patient_value,
        schema_version, note_json, representation, accepted_at, state, attempts, next_attempt_at,
        lease_until, last_error, regional_id, delivered_at
        """;

    private const string InsertValues = """
        @NoteId, @Version, @IdempotencyKey, @SubmissionType, @SubmissionId, @PatientKind, @PatientValue,
        @SchemaVersion, @NoteJson, @Representation, @AcceptedAt, @State, @Attempts, @NextAttemptAt,
        NULL, @LastError, @RegionalId, @DeliveredAt
        """;

    // A later version waits until no earlier version of the same note is pending or being delivered, so the
    // regional record always receives versions in order (an amendment names the version it supersedes).
    private const string NoEarlierVersionInFlight = """
        NOT EXISTS (SELECT 1 FROM outbox_notes e
                    WHERE e.note_id = o.note_id AND e.version < o.version AND e.state IN ('pending', 'delivering'))
        """;

    public Task<AcceptResult> AcceptAsync(AcceptedNote note, CancellationToken cancellationToken)
    {
        OutboxGuards.ForAccept(note);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO outbox_notes ({InsertColumns}) VALUES ({InsertValues}) ON CONFLICT (idempotency_key) DO NOTHING",
                Parameters(note), transaction, cancellationToken: cancellationToken));
            var stored = await FindByKeyAsync(connection, transaction, note.IdempotencyKey, cancellationToken)
                ?? throw new InvalidOperationException("The outbox row vanished inside its own transaction.");
            return new AcceptResult(stored, inserted == 1);
        }, cancellationToken);
    }

    public Task<AcceptResult?> AppendVersionAsync(AcceptedNote next, int expectedVersion, CancellationToken cancellationToken)
    {
        OutboxGuards.ForAppend(next, expectedVersion);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // A repeat of an amendment already stored answers with it, even though the version has moved on.
            var existing = await FindByKeyAsync(connection, transaction, next.IdempotencyKey, cancellationToken);
            if (existing is not null)
            {
                return new AcceptResult(existing, Created: false);
            }

            // The write lock is held, so the version read here cannot change before the insert.
            var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(version) FROM outbox_notes WHERE note_id = @NoteId",
                new { next.NoteId }, transaction, cancellationToken: cancellationToken));
            if (current != expectedVersion)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO outbox_notes ({InsertColumns}) VALUES ({InsertValues})",
                Parameters(next), transaction, cancellationToken: cancellationToken));
            var stored = await FindByKeyAsync(connection, transaction, next.IdempotencyKey, cancellationToken);
            return (AcceptResult?)new AcceptResult(stored!, Created: true);
        }, cancellationToken);
    }

    public async Task<AcceptedNote?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindByKeyAsync(connection, null, idempotencyKey, cancellationToken);
    }

    public Task<AcceptedNote?> FindNoteAsync(string noteId, int? version, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            version is null
                ? $"SELECT {Columns} FROM outbox_notes WHERE note_id = @noteId ORDER BY version DESC LIMIT 1"
                : $"SELECT {Columns} FROM outbox_notes WHERE note_id = @noteId AND version = @version",
            new { noteId, version },
            cancellationToken);

    public Task<AcceptedNote?> FindSubmissionAsync(string submissionType, string submissionId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"""
            SELECT {Columns} FROM outbox_notes
            WHERE submission_type = @submissionType AND submission_id = @submissionId
            ORDER BY version DESC LIMIT 1
            """,
            new { submissionType, submissionId },
            cancellationToken);

    public Task<IReadOnlyList<AcceptedNote>> GetVersionsAsync(string noteId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM outbox_notes WHERE note_id = @noteId ORDER BY version", new { noteId }, cancellationToken);

    public Task<IReadOnlyList<AcceptedNote>> FindUndeliveredAsync(PatientIdentifier patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return QueryAsync(
            $"""
            SELECT {Columns} FROM outbox_notes o
            WHERE o.patient_kind = @kind AND o.patient_value = @value
              AND o.version = (SELECT MAX(m.version) FROM outbox_notes m WHERE m.note_id = o.note_id)
              AND o.state <> 'delivered'
            ORDER BY o.accepted_at, o.note_id
            """,
            new { kind = OutboxCodes.ToCode(patient.Kind), value = patient.Value },
            cancellationToken);
    }

    public Task<IReadOnlyList<AcceptedNote>> ClaimDueAsync(int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        OutboxGuards.ForClaim(max);
        // One UPDATE ... RETURNING under the write lock: selecting and marking cannot be split by another claimer.
        return database.WriteAsync<IReadOnlyList<AcceptedNote>>(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                $"""
                UPDATE outbox_notes SET state = 'delivering', lease_until = @leaseUntil
                WHERE rowid IN (
                    SELECT o.rowid FROM outbox_notes o
                    WHERE ((o.state = 'pending' AND o.next_attempt_at <= @now)
                        OR (o.state = 'delivering' AND o.lease_until < @now))
                      AND {NoEarlierVersionInFlight}
                    ORDER BY o.next_attempt_at, o.accepted_at, o.note_id, o.version
                    LIMIT @max)
                RETURNING {Columns}
                """,
                new { max, now = now.ToUnixTimeMilliseconds(), leaseUntil = leaseUntil.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            // RETURNING gives no order; hand them out oldest due first.
            return [.. rows.Select(r => r.ToAcceptedNote())
                .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.AcceptedAt).ThenBy(n => n.NoteId, StringComparer.Ordinal).ThenBy(n => n.Version)];
        }, cancellationToken);
    }

    public Task MarkDeliveredAsync(string noteId, int version, string regionalId, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
        // A version already marked delivered keeps its first confirmation (a late duplicate after a lost lease).
        ExecuteAsync(
            """
            UPDATE outbox_notes
            SET state = 'delivered', regional_id = @regionalId, delivered_at = @deliveredAt,
                attempts = attempts + 1, lease_until = NULL, last_error = NULL
            WHERE note_id = @noteId AND version = @version AND state <> 'delivered'
            """,
            new { noteId, version, regionalId, deliveredAt = deliveredAt.ToUnixTimeMilliseconds() },
            noteId, version, cancellationToken);

    public Task MarkFailedAsync(string noteId, int version, string error, DateTimeOffset nextAttemptAt, bool deadLetter, CancellationToken cancellationToken) =>
        // Never moves a delivered version back: another instance may have delivered it after this one's lease ran out.
        ExecuteAsync(
            """
            UPDATE outbox_notes
            SET state = @state, attempts = attempts + 1, last_error = @error,
                next_attempt_at = @nextAttemptAt, lease_until = NULL
            WHERE note_id = @noteId AND version = @version AND state <> 'delivered'
            """,
            new
            {
                noteId,
                version,
                state = deadLetter ? OutboxCodes.DeadLetter : OutboxCodes.Pending,
                error = OutboxCodes.TrimError(error ?? string.Empty),
                nextAttemptAt = nextAttemptAt.ToUnixTimeMilliseconds(),
            },
            noteId, version, cancellationToken);

    public async Task<bool> RequeueAsync(string noteId, int version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // An operator's requeue starts a fresh retry budget; last_error stays for the record.
        var changed = await database.WriteAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbox_notes SET state = 'pending', attempts = 0, next_attempt_at = @now, lease_until = NULL
            WHERE note_id = @noteId AND version = @version AND state = 'dead_letter'
            """,
            new { noteId, version, now = now.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken)), cancellationToken);
        return changed == 1;
    }

    public Task<IReadOnlyList<AcceptedNote>> ListByStateAsync(DeliveryState state, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync(
            $"SELECT {Columns} FROM outbox_notes WHERE state = @state ORDER BY accepted_at, note_id, version LIMIT @max",
            new { state = OutboxCodes.ToCode(state), max },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, COUNT(*) FROM outbox_notes GROUP BY state", cancellationToken: cancellationToken));
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in rows)
        {
            counts[OutboxCodes.ToState(state)] = count;
        }

        return counts;
    }

    private static object Parameters(AcceptedNote note) => new
    {
        note.NoteId,
        note.Version,
        note.IdempotencyKey,
        note.SubmissionType,
        note.SubmissionId,
        PatientKind = OutboxCodes.ToCode(note.Note.Patient.Kind),
        PatientValue = note.Note.Patient.Value,
        SchemaVersion = NoteJson.CurrentSchemaVersion,
        NoteJson = NoteJson.Serialize(note.Note),
        note.Representation,
        AcceptedAt = note.AcceptedAt.ToUnixTimeMilliseconds(),
        State = OutboxCodes.ToCode(note.State),
        note.Attempts,
        NextAttemptAt = note.NextAttemptAt.ToUnixTimeMilliseconds(),
        LastError = note.LastError is null ? null : OutboxCodes.TrimError(note.LastError),
        note.RegionalId,
        DeliveredAt = note.DeliveredAt?.ToUnixTimeMilliseconds(),
    };

    private async Task ExecuteAsync(string sql, object parameters, string noteId, int version, CancellationToken cancellationToken)
    {
        await database.WriteAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM outbox_notes WHERE note_id = @noteId AND version = @version",
                    new { noteId, version }, transaction, cancellationToken: cancellationToken));
                if (exists == 0)
                {
                    throw new KeyNotFoundException($"The outbox holds no version {version} of note {noteId}.");
                }
            }

            return changed;
        }, cancellationToken);
    }

    private static async Task<AcceptedNote?> FindByKeyAsync(SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outbox_notes WHERE idempotency_key = @key",
            new { key }, transaction, cancellationToken: cancellationToken));
        return row?.ToAcceptedNote();
    }

    private async Task<AcceptedNote?> QuerySingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToAcceptedNote();
    }

    private async Task<IReadOnlyList<AcceptedNote>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAcceptedNote())];
    }

    /// <summary>A row as SQLite types it: integers are 64-bit, times are unix milliseconds.</summary>
    private sealed class Row
    {
        public string NoteId { get; init; } = "";
        public long Version { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public string SubmissionType { get; init; } = "";
        public string SubmissionId { get; init; } = "";
        public long SchemaVersion { get; init; }
        public string NoteJson { get; init; } = "";
        public string Representation { get; init; } = "";
        public long AcceptedAt { get; init; }
        public string State { get; init; } = "";
        public long Attempts { get; init; }
        public long NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public string? RegionalId { get; init; }
        public long? DeliveredAt { get; init; }

        public AcceptedNote ToAcceptedNote() => new OutboxRecord(
            NoteId, checked((int)Version), IdempotencyKey, SubmissionType, SubmissionId, checked((int)SchemaVersion),
            NoteJson, Representation, DateTimeOffset.FromUnixTimeMilliseconds(AcceptedAt), State, checked((int)Attempts),
            DateTimeOffset.FromUnixTimeMilliseconds(NextAttemptAt), LastError, RegionalId,
            DeliveredAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null).ToAcceptedNote();
    }
}
