using Dapper;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Outbox;
using Npgsql;

namespace JournalGateway.Storage.PostgreSql;

/// <summary>
/// The outbox on PostgreSQL, shared by several gateway instances. Each write is one statement (its own
/// transaction, durable on commit); claims use <c>FOR UPDATE SKIP LOCKED</c> so instances never take the same
/// version, and a lease so a version held by a crashed instance becomes claimable again.
/// </summary>
internal sealed class PostgreSqlNoteOutbox(PostgreSqlDatabase database) : INoteOutbox
{
    private static string Columns(string alias = "") => $"""
        {alias}note_id AS NoteId, {alias}version AS Version, {alias}idempotency_key AS IdempotencyKey,
        {alias}submission_type AS SubmissionType, {alias}submission_id AS SubmissionId,
        {alias}schema_version AS SchemaVersion, {alias}note_json::text AS NoteJson,
        {alias}representation AS Representation, {alias}accepted_at AS AcceptedAt, {alias}state AS State,
        {alias}attempts AS Attempts, {alias}next_attempt_at AS NextAttemptAt, {alias}last_error AS LastError,
        {alias}regional_id AS RegionalId, {alias}delivered_at AS DeliveredAt
        """;

    private const string InsertColumns = """
        note_id, version, idempotency_key, submission_type, submission_id, patient_kind, patient_value,
        schema_version, note_json, representation, accepted_at, state, attempts, next_attempt_at,
        lease_until, last_error, regional_id, delivered_at
        """;

    private const string InsertValues = """
        @NoteId, @Version, @IdempotencyKey, @SubmissionType, @SubmissionId, @PatientKind, @PatientValue,
        @SchemaVersion, CAST(@NoteJson AS jsonb), @Representation, @AcceptedAt, @State, @Attempts, @NextAttemptAt,
        NULL, @LastError, @RegionalId, @DeliveredAt
        """;

    public async Task<AcceptResult> AcceptAsync(AcceptedNote note, CancellationToken cancellationToken)
    {
        OutboxGuards.ForAccept(note);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A concurrent insert of the same key waits here for the other transaction, then does nothing.
        var inserted = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO outbox_notes ({InsertColumns}) VALUES ({InsertValues})
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING {Columns()}
            """,
            Parameters(note), cancellationToken: cancellationToken));
        if (inserted is not null)
        {
            return new AcceptResult(inserted.ToAcceptedNote(), Created: true);
        }

        var stored = await FindByKeyAsync(connection, note.IdempotencyKey, cancellationToken)
            ?? throw new InvalidOperationException("The idempotency key conflicted but its row is gone.");
        return new AcceptResult(stored, Created: false);
    }

    public async Task<AcceptResult?> AppendVersionAsync(AcceptedNote next, int expectedVersion, CancellationToken cancellationToken)
    {
        OutboxGuards.ForAppend(next, expectedVersion);
        var parameters = new DynamicParameters(Parameters(next));
        parameters.Add("ExpectedVersion", expectedVersion);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // One statement: the version check and the insert. Two concurrent appends on the same version both pass
        // the check, but only one gets (note_id, version); the other conflicts and does nothing.
        var inserted = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"""
            INSERT INTO outbox_notes ({InsertColumns})
            SELECT {InsertValues}
            WHERE (SELECT MAX(version) FROM outbox_notes WHERE note_id = @NoteId) = @ExpectedVersion
            ON CONFLICT DO NOTHING
            RETURNING {Columns()}
            """,
            parameters,
            cancellationToken: cancellationToken));
        if (inserted is not null)
        {
            return new AcceptResult(inserted.ToAcceptedNote(), Created: true);
        }

        // Either this amendment was stored before (an idempotent repeat) or the version moved on.
        var existing = await FindByKeyAsync(connection, next.IdempotencyKey, cancellationToken);
        return existing is null ? null : new AcceptResult(existing, Created: false);
    }

    public async Task<AcceptedNote?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await FindByKeyAsync(connection, idempotencyKey, cancellationToken);
    }

    public Task<AcceptedNote?> FindNoteAsync(string noteId, int? version, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            version is null
                ? $"SELECT {Columns()} FROM outbox_notes WHERE note_id = @noteId ORDER BY version DESC LIMIT 1"
                : $"SELECT {Columns()} FROM outbox_notes WHERE note_id = @noteId AND version = @version",
            new { noteId, version },
            cancellationToken);

    public Task<AcceptedNote?> FindSubmissionAsync(string submissionType, string submissionId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"""
            SELECT {Columns()} FROM outbox_notes
            WHERE submission_type = @submissionType AND submission_id = @submissionId
            ORDER BY version DESC LIMIT 1
            """,
            new { submissionType, submissionId },
            cancellationToken);

    public Task<IReadOnlyList<AcceptedNote>> GetVersionsAsync(string noteId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns()} FROM outbox_notes WHERE note_id = @noteId ORDER BY version", new { noteId }, cancellationToken);

    public Task<IReadOnlyList<AcceptedNote>> FindUndeliveredAsync(PatientIdentifier patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return QueryAsync(
            $"""
            SELECT {Columns("o.")} FROM outbox_notes o
            WHERE o.patient_kind = @kind AND o.patient_value = @value
              AND o.version = (SELECT MAX(m.version) FROM outbox_notes m WHERE m.note_id = o.note_id)
              AND o.state <> 'delivered'
            ORDER BY o.accepted_at, o.note_id
            """,
            new { kind = OutboxCodes.ToCode(patient.Kind), value = patient.Value },
            cancellationToken);
    }

    public async Task<IReadOnlyList<AcceptedNote>> ClaimDueAsync(int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        OutboxGuards.ForClaim(max);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // SKIP LOCKED: rows another instance is claiming right now are passed over, not waited for. A row that
        // instance has just claimed is re-checked against the WHERE clause after its lock is released (it is
        // then delivering under a live lease), so it is not taken twice. A later version waits while an earlier
        // one of the same note is still pending or delivering, so versions reach the region in order.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            WITH due AS (
                SELECT o.note_id, o.version
                FROM outbox_notes o
                WHERE ((o.state = 'pending' AND o.next_attempt_at <= @now)
                    OR (o.state = 'delivering' AND o.lease_until < @now))
                  AND NOT EXISTS (SELECT 1 FROM outbox_notes e
                                  WHERE e.note_id = o.note_id AND e.version < o.version
                                    AND e.state IN ('pending', 'delivering'))
                ORDER BY o.next_attempt_at, o.accepted_at, o.note_id, o.version
                LIMIT @max
                FOR UPDATE OF o SKIP LOCKED
            )
            UPDATE outbox_notes t
            SET state = 'delivering', lease_until = @leaseUntil
            FROM due
            WHERE t.note_id = due.note_id AND t.version = due.version
            RETURNING {Columns("t.")}
            """,
            new { max, now = now.ToUniversalTime(), leaseUntil = leaseUntil.ToUniversalTime() },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAcceptedNote())
            .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.AcceptedAt).ThenBy(n => n.NoteId, StringComparer.Ordinal).ThenBy(n => n.Version)];
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
            new { noteId, version, regionalId, deliveredAt = deliveredAt.ToUniversalTime() },
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
                nextAttemptAt = nextAttemptAt.ToUniversalTime(),
            },
            noteId, version, cancellationToken);

    public async Task<bool> RequeueAsync(string noteId, int version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // An operator's requeue starts a fresh retry budget; last_error stays for the record.
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE outbox_notes SET state = 'pending', attempts = 0, next_attempt_at = @now, lease_until = NULL
            WHERE note_id = @noteId AND version = @version AND state = 'dead_letter'
            """,
            new { noteId, version, now = now.ToUniversalTime() },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    public Task<IReadOnlyList<AcceptedNote>> ListByStateAsync(DeliveryState state, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync(
            $"SELECT {Columns()} FROM outbox_notes WHERE state = @state ORDER BY accepted_at, note_id, version LIMIT @max",
            new { state = OutboxCodes.ToCode(state), max },
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
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
        // Npgsql writes timestamptz only from UTC values.
        AcceptedAt = note.AcceptedAt.ToUniversalTime(),
        State = OutboxCodes.ToCode(note.State),
        note.Attempts,
        NextAttemptAt = note.NextAttemptAt.ToUniversalTime(),
        LastError = note.LastError is null ? null : OutboxCodes.TrimError(note.LastError),
        note.RegionalId,
        DeliveredAt = note.DeliveredAt?.ToUniversalTime(),
    };

    private async Task ExecuteAsync(string sql, object parameters, string noteId, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM outbox_notes WHERE note_id = @noteId AND version = @version)",
                new { noteId, version }, cancellationToken: cancellationToken));
            if (!exists)
            {
                throw new KeyNotFoundException($"The outbox holds no version {version} of note {noteId}.");
            }
        }
    }

    private static async Task<AcceptedNote?> FindByKeyAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns()} FROM outbox_notes WHERE idempotency_key = @key",
            new { key }, cancellationToken: cancellationToken));
        return row?.ToAcceptedNote();
    }

    private async Task<AcceptedNote?> QuerySingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return row?.ToAcceptedNote();
    }

    private async Task<IReadOnlyList<AcceptedNote>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAcceptedNote())];
    }

    /// <summary>A row as Npgsql types it: timestamptz arrives as a UTC <see cref="DateTime"/>.</summary>
    private sealed class Row
    {
        public string NoteId { get; init; } = "";
        public int Version { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public string SubmissionType { get; init; } = "";
        public string SubmissionId { get; init; } = "";
        public int SchemaVersion { get; init; }
        public string NoteJson { get; init; } = "";
        public string Representation { get; init; } = "";
        public DateTime AcceptedAt { get; init; }
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public DateTime NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public string? RegionalId { get; init; }
        public DateTime? DeliveredAt { get; init; }

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

        public AcceptedNote ToAcceptedNote() => new OutboxRecord(
            NoteId, Version, IdempotencyKey, SubmissionType, SubmissionId, SchemaVersion, NoteJson, Representation,
            Utc(AcceptedAt), State, Attempts, Utc(NextAttemptAt), LastError, RegionalId,
            DeliveredAt is { } at ? Utc(at) : null).ToAcceptedNote();
    }
}
