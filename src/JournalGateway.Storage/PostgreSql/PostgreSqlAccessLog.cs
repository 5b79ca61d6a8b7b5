using System.Text;
using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.AccessLog;
using Npgsql;
using NpgsqlTypes;

namespace JournalGateway.Storage.PostgreSql;

/// <summary>
/// The access log on PostgreSQL, shared by several gateway instances. An append is one transaction that locks the
/// single row of <c>access_log_head</c> (<c>SELECT ... FOR UPDATE</c>), links and inserts the entries after the last
/// sequence and hash it holds, and moves it: appenders on every instance queue on that row lock, so there is one
/// chain without gaps. Durable on commit (<c>synchronous_commit</c> is forced on for the append). A trigger refuses
/// UPDATE and TRUNCATE, and DELETE outside <see cref="PruneAsync"/>.
/// </summary>
internal sealed class PostgreSqlAccessLog(PostgreSqlDatabase database) : IAccessLog, IAccessLogRetention
{
    private const string Insert = $"""
        INSERT INTO access_log ({AccessLogRecord.Columns})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
        """;

    private const string HeadColumns = """
        last_sequence AS LastSequence, last_hash AS LastHash, anchor_sequence AS AnchorSequence, anchor_hash AS AnchorHash
        """;

    public async Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entriesWithoutHash);
        foreach (var entry in entriesWithoutHash)
        {
            AccessLogRecord.Guard(entry);
        }

        if (entriesWithoutHash.Count == 0)
        {
            return [];
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock is the chain's lock: held until commit, and released by the server if this instance dies.
        var head = await ReadHeadAsync(connection, transaction, forUpdate: true, cancellationToken);
        var sequence = head.LastSequence;
        var previous = head.LastHash;
        var stored = new List<AccessLogEntry>(entriesWithoutHash.Count);
        // One round trip for the whole batch. synchronous_commit on whatever the server or role says: the commit
        // returns only once the entries are flushed to the WAL (a response is sent only after its access is logged).
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = on"));
        foreach (var entry in entriesWithoutHash)
        {
            var linked = AccessLogChain.Link(entry with { Time = AccessLogRecord.StoredTime(entry.Time) }, ++sequence, previous);
            batch.BatchCommands.Add(InsertCommand(AccessLogRecord.From(linked), linked.Time));
            stored.Add(linked);
            previous = linked.Hash!;
        }

        var moveHead = new NpgsqlBatchCommand("UPDATE access_log_head SET last_sequence = $1, last_hash = $2 WHERE id = 1");
        moveHead.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        moveHead.Parameters.Add(new NpgsqlParameter<string> { TypedValue = previous });
        batch.BatchCommands.Add(moveHead);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<AccessLogEntry>> QueryAsync(
        PatientIdentifier? patient,
        DateTimeOffset? from,
        DateTimeOffset? to,
        PurposeOfUse? purpose,
        int max,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var where = new StringBuilder("WHERE TRUE");
        var parameters = new DynamicParameters();
        if (patient is not null)
        {
            where.Append(" AND patient_kind = @patientKind AND patient_value = @patientValue");
            parameters.Add("patientKind", AccessLogRecord.ToPatientKindCode(patient.Kind));
            parameters.Add("patientValue", patient.Value);
        }

        if (from is { } start)
        {
            where.Append(" AND time >= @from");
            parameters.Add("from", start.UtcDateTime);
        }

        if (to is { } end)
        {
            where.Append(" AND time < @to");
            parameters.Add("to", end.UtcDateTime);
        }

        if (purpose is { } p)
        {
            where.Append(" AND purpose = @purpose");
            parameters.Add("purpose", AccessLogRecord.ToCode(p));
        }

        parameters.Add("max", max);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {AccessLogRecord.SelectColumns} FROM access_log {where} ORDER BY time DESC, sequence DESC LIMIT @max",
            parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {AccessLogRecord.SelectColumns} FROM access_log WHERE sequence >= @fromSequence ORDER BY sequence LIMIT @max",
            new { fromSequence, max }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<long> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Holding the head row keeps appenders out until the new anchor is committed.
        var head = await ReadHeadAsync(connection, transaction, forUpdate: true, cancellationToken);
        // The last entry of the unbroken run of old entries: just before the oldest entry that must stay.
        var firstKept = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(sequence) FROM access_log WHERE time >= @cutOff",
            new { cutOff = olderThan.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        var last = firstKept is { } kept ? kept - 1 : head.LastSequence;
        if (last <= head.AnchorSequence)
        {
            return 0;
        }

        var anchorHash = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT hash FROM access_log WHERE sequence = @last", new { last }, transaction, cancellationToken: cancellationToken))
            ?? throw new InvalidOperationException("The access log lacks the entry that would become the anchor.");

        // SET LOCAL lasts until this transaction ends: the trigger lets deletes through here and nowhere else.
        await connection.ExecuteAsync(new CommandDefinition(
            "SET LOCAL journalgateway.allow_prune = 'on'", transaction: transaction, cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM access_log WHERE sequence <= @last", new { last }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE access_log_head SET anchor_sequence = @last, anchor_hash = @anchorHash WHERE id = 1",
            new { last, anchorHash }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<AccessLogHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadHeadAsync(connection, null, forUpdate: false, cancellationToken);
    }

    private static Task<AccessLogHead> ReadHeadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, bool forUpdate, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<AccessLogHead>(new CommandDefinition(
            $"SELECT {HeadColumns} FROM access_log_head WHERE id = 1{(forUpdate ? " FOR UPDATE" : "")}",
            transaction: transaction, cancellationToken: cancellationToken));

    private static NpgsqlBatchCommand InsertCommand(AccessLogRecord record, DateTimeOffset time)
    {
        var command = new NpgsqlBatchCommand(Insert);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<long> { TypedValue = record.Sequence });
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = time.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Action });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Outcome });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.UserHsaId });
        p.Add(Text(record.UserName));
        p.Add(new NpgsqlParameter<string> { TypedValue = record.CareUnit });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.CareProvider });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.ProviderKind });
        p.Add(Text(record.PatientKind));
        p.Add(Text(record.PatientValue));
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Purpose });
        p.Add(Text(record.EmergencyReason));
        p.Add(new NpgsqlParameter<string> { TypedValue = record.ReturnedJson });
        p.Add(new NpgsqlParameter<int> { TypedValue = checked((int)record.WithheldCount) });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.ReasonsJson });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.PreviousHash });
        p.Add(new NpgsqlParameter<string> { TypedValue = record.Hash });
        return command;
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>A row as Npgsql types it: timestamptz arrives as a UTC <see cref="DateTime"/>.</summary>
    private sealed class Row : AccessLogRecord
    {
        public DateTime Time { get; init; }

        public AccessLogEntry ToEntry() => ToEntry(new DateTimeOffset(DateTime.SpecifyKind(Time, DateTimeKind.Utc)));
    }
}
