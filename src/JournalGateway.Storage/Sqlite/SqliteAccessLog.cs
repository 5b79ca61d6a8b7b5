using System.Text;
using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.AccessLog;
using Microsoft.Data.Sqlite;

namespace JournalGateway.Storage.Sqlite;

/// <summary>
/// The access log on SQLite. An append is one <c>BEGIN IMMEDIATE</c> transaction: it reads the head (last sequence
/// and hash), links and inserts the entries and moves the head, all under the write lock, so every writer (in this
/// process or another on the same file) extends the same chain. Committed with <c>synchronous=FULL</c> before it
/// returns. Triggers refuse UPDATE, and DELETE outside <see cref="PruneAsync"/>.
/// </summary>
internal sealed class SqliteAccessLog(SqliteDatabase database) : IAccessLog, IAccessLogRetention
{
    private const string Insert = $"""
        INSERT INTO access_log ({AccessLogRecord.Columns})
        VALUES (@Sequence, @Time, @Action, @Outcome, @UserHsaId, @UserName, @CareUnit, @CareProvider, @ProviderKind,
                @PatientKind, @PatientValue, @Purpose, @EmergencyReason, @ReturnedJson, @WithheldCount, @ReasonsJson,
                @PreviousHash, @Hash)
        """;

    private const string HeadColumns = """
        last_sequence AS LastSequence, last_hash AS LastHash, anchor_sequence AS AnchorSequence, anchor_hash AS AnchorHash
        """;

    public Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entriesWithoutHash);
        foreach (var entry in entriesWithoutHash)
        {
            AccessLogRecord.Guard(entry);
        }

        if (entriesWithoutHash.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AccessLogEntry>>([]);
        }

        return database.WriteAsync<IReadOnlyList<AccessLogEntry>>(async (connection, transaction) =>
        {
            var head = await ReadHeadAsync(connection, transaction, cancellationToken);
            var sequence = head.LastSequence;
            var previous = head.LastHash;
            var stored = new List<AccessLogEntry>(entriesWithoutHash.Count);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Insert;
            foreach (var entry in entriesWithoutHash)
            {
                var linked = AccessLogChain.Link(entry with { Time = AccessLogRecord.StoredTime(entry.Time) }, ++sequence, previous);
                Bind(command, AccessLogRecord.From(linked), linked.Time);
                await command.ExecuteNonQueryAsync(cancellationToken);
                stored.Add(linked);
                previous = linked.Hash!;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE access_log_head SET last_sequence = @sequence, last_hash = @previous WHERE id = 1",
                new { sequence, previous }, transaction, cancellationToken: cancellationToken));
            return stored;
        }, cancellationToken);
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
        var where = new StringBuilder("WHERE 1 = 1");
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
            parameters.Add("from", SqliteTime.ToUnixMicroseconds(start));
        }

        if (to is { } end)
        {
            where.Append(" AND time < @to");
            parameters.Add("to", SqliteTime.ToUnixMicroseconds(end));
        }

        if (purpose is { } p)
        {
            where.Append(" AND purpose = @purpose");
            parameters.Add("purpose", AccessLogRecord.ToCode(p));
        }

        parameters.Add("max", max);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {AccessLogRecord.SelectColumns} FROM access_log {where} ORDER BY time DESC, sequence DESC LIMIT @max",
            parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public async Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {AccessLogRecord.SelectColumns} FROM access_log WHERE sequence >= @fromSequence ORDER BY sequence LIMIT @max",
            new { fromSequence, max }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    public Task<long> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var cutOff = SqliteTime.ToUnixMicroseconds(olderThan);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var head = await ReadHeadAsync(connection, transaction, cancellationToken);
            // The last entry of the unbroken run of old entries: just before the oldest entry that must stay.
            var firstKept = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MIN(sequence) FROM access_log WHERE time >= @cutOff",
                new { cutOff }, transaction, cancellationToken: cancellationToken));
            var last = firstKept is { } kept ? kept - 1 : head.LastSequence;
            if (last <= head.AnchorSequence)
            {
                return 0L;
            }

            var anchorHash = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT hash FROM access_log WHERE sequence = @last", new { last }, transaction, cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException("The access log lacks the entry that would become the anchor.");

            // The flag opens the delete trigger inside this transaction only; it is closed again before the commit.
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE access_log_control SET allow_prune = 1 WHERE id = 1", transaction: transaction, cancellationToken: cancellationToken));
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM access_log WHERE sequence <= @last", new { last }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE access_log_control SET allow_prune = 0 WHERE id = 1", transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE access_log_head SET anchor_sequence = @last, anchor_hash = @anchorHash WHERE id = 1",
                new { last, anchorHash }, transaction, cancellationToken: cancellationToken));
            return (long)deleted;
        }, cancellationToken);
    }

    public async Task<AccessLogHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadHeadAsync(connection, null, cancellationToken);
    }

    private static Task<AccessLogHead> ReadHeadAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<AccessLogHead>(new CommandDefinition(
            $"SELECT {HeadColumns} FROM access_log_head WHERE id = 1", transaction: transaction, cancellationToken: cancellationToken));

    private static void Bind(SqliteCommand command, AccessLogRecord record, DateTimeOffset time)
    {
        command.Parameters.Clear();
        command.Parameters.AddWithValue("@Sequence", record.Sequence);
        command.Parameters.AddWithValue("@Time", SqliteTime.ToUnixMicroseconds(time));
        command.Parameters.AddWithValue("@Action", record.Action);
        command.Parameters.AddWithValue("@Outcome", record.Outcome);
        command.Parameters.AddWithValue("@UserHsaId", record.UserHsaId);
        command.Parameters.AddWithValue("@UserName", (object?)record.UserName ?? DBNull.Value);
        command.Parameters.AddWithValue("@CareUnit", record.CareUnit);
        command.Parameters.AddWithValue("@CareProvider", record.CareProvider);
        command.Parameters.AddWithValue("@ProviderKind", record.ProviderKind);
        command.Parameters.AddWithValue("@PatientKind", (object?)record.PatientKind ?? DBNull.Value);
        command.Parameters.AddWithValue("@PatientValue", (object?)record.PatientValue ?? DBNull.Value);
        command.Parameters.AddWithValue("@Purpose", record.Purpose);
        command.Parameters.AddWithValue("@EmergencyReason", (object?)record.EmergencyReason ?? DBNull.Value);
        command.Parameters.AddWithValue("@ReturnedJson", record.ReturnedJson);
        command.Parameters.AddWithValue("@WithheldCount", record.WithheldCount);
        command.Parameters.AddWithValue("@ReasonsJson", record.ReasonsJson);
        command.Parameters.AddWithValue("@PreviousHash", record.PreviousHash);
        command.Parameters.AddWithValue("@Hash", record.Hash);
    }

    /// <summary>A row as SQLite types it: the time is unix microseconds.</summary>
    private sealed class Row : AccessLogRecord
    {
        public long Time { get; init; }

        public AccessLogEntry ToEntry() => ToEntry(SqliteTime.FromUnixMicroseconds(Time));
    }
}
