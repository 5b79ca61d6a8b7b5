using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Consents;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage.Sqlite;

/// <summary>
/// The consent registry on SQLite. Writes are <c>BEGIN IMMEDIATE</c> transactions committed with
/// <c>synchronous=FULL</c> before the call returns.
/// </summary>
internal sealed class SqliteConsentRegistry(SqliteDatabase database) : IConsentRegistry
{
    private const string Columns = "status AS Status, schema_version AS SchemaVersion, directive_json AS DirectiveJson";

    public Task<bool> AddAsync(ConsentDirective directive, CancellationToken cancellationToken)
    {
        ConsentDirectiveJson.Guard(directive);
        var json = ConsentDirectiveJson.Serialize(directive);
        return database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO consents (id, patient_kind, patient_value, kind, status, recorded_at, schema_version, directive_json)
                VALUES (@Id, @PatientKind, @PatientValue, @Kind, @Status, @RecordedAt, @SchemaVersion, @Json)
                ON CONFLICT (id) DO NOTHING
                """,
                new
                {
                    directive.Id,
                    PatientKind = OutboxCodes.ToCode(directive.Patient.Kind),
                    PatientValue = directive.Patient.Value,
                    Kind = ConsentDirectiveJson.ToCode(directive.Kind),
                    Status = ConsentDirectiveJson.ToCode(directive.Status),
                    RecordedAt = SqliteTime.ToUnixMicroseconds(directive.RecordedAt),
                    SchemaVersion = ConsentDirectiveJson.CurrentSchemaVersion,
                    Json = json,
                },
                transaction, cancellationToken: cancellationToken));
            return inserted == 1;
        }, cancellationToken);
    }

    public async Task<ConsentDirective?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM consents WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToDirective();
    }

    public async Task<IReadOnlyList<ConsentDirective>> ForPatientAsync(PatientIdentifier patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM consents
            WHERE patient_kind = @kind AND patient_value = @value
            ORDER BY recorded_at, rowid
            """,
            new { kind = OutboxCodes.ToCode(patient.Kind), value = patient.Value },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDirective())];
    }

    public Task<ConsentDirective?> SetStatusAsync(string id, ConsentStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var code = ConsentDirectiveJson.ToCode(status);
        return database.WriteAsync(async (connection, transaction) =>
        {
            // The write lock is held: the row read here is the row updated.
            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM consents WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            if (row is null)
            {
                return null;
            }

            var updated = row.ToDirective() with { Status = status };
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE consents SET status = @code, schema_version = @SchemaVersion, directive_json = @json
                WHERE id = @id
                """,
                new { id, code, SchemaVersion = ConsentDirectiveJson.CurrentSchemaVersion, json = ConsentDirectiveJson.Serialize(updated) },
                transaction, cancellationToken: cancellationToken));
            return (ConsentDirective?)updated;
        }, cancellationToken);
    }

    private sealed class Row
    {
        public string Status { get; init; } = "";
        public long SchemaVersion { get; init; }
        public string DirectiveJson { get; init; } = "";

        // The status column is what is indexed and updated; it wins over the copy in the JSON.
        public ConsentDirective ToDirective() =>
            ConsentDirectiveJson.Deserialize(DirectiveJson, (int)SchemaVersion) with { Status = ConsentDirectiveJson.ToStatus(Status) };
    }
}
