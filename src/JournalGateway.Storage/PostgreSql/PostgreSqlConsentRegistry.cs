using Dapper;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Consents;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage.PostgreSql;

/// <summary>The consent registry on PostgreSQL, shared by several gateway instances; each call commits before it returns.</summary>
internal sealed class PostgreSqlConsentRegistry(PostgreSqlDatabase database) : IConsentRegistry
{
    private const string Columns = "status AS Status, schema_version AS SchemaVersion, directive_json::text AS DirectiveJson";

    public async Task<bool> AddAsync(ConsentDirective directive, CancellationToken cancellationToken)
    {
        ConsentDirectiveJson.Guard(directive);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A concurrent insert of the same id waits for the other transaction, then does nothing.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO consents (id, patient_kind, patient_value, kind, status, recorded_at, schema_version, directive_json)
            VALUES (@Id, @PatientKind, @PatientValue, @Kind, @Status, @RecordedAt, @SchemaVersion, CAST(@Json AS jsonb))
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                directive.Id,
                PatientKind = OutboxCodes.ToCode(directive.Patient.Kind),
                PatientValue = directive.Patient.Value,
                Kind = ConsentDirectiveJson.ToCode(directive.Kind),
                Status = ConsentDirectiveJson.ToCode(directive.Status),
                RecordedAt = directive.RecordedAt.UtcDateTime,
                SchemaVersion = ConsentDirectiveJson.CurrentSchemaVersion,
                Json = ConsentDirectiveJson.Serialize(directive),
            },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<ConsentDirective?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM consents WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToDirective();
    }

    public async Task<IReadOnlyList<ConsentDirective>> ForPatientAsync(PatientIdentifier patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM consents
            WHERE patient_kind = @kind AND patient_value = @value
            ORDER BY recorded_at, recorded_order
            """,
            new { kind = OutboxCodes.ToCode(patient.Kind), value = patient.Value },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToDirective())];
    }

    public async Task<ConsentDirective?> SetStatusAsync(string id, ConsentStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var code = ConsentDirectiveJson.ToCode(status);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // FOR UPDATE: a concurrent change of the same directive waits, so the JSON written here is based on the latest row.
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM consents WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var updated = row.ToDirective() with { Status = status };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE consents SET status = @code, schema_version = @SchemaVersion, directive_json = CAST(@json AS jsonb)
            WHERE id = @id
            """,
            new { id, code, SchemaVersion = ConsentDirectiveJson.CurrentSchemaVersion, json = ConsentDirectiveJson.Serialize(updated) },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    private sealed class Row
    {
        public string Status { get; init; } = "";
        public int SchemaVersion { get; init; }
        public string DirectiveJson { get; init; } = "";

        // The status column is what is indexed and updated; it wins over the copy in the JSON.
        public ConsentDirective ToDirective() =>
            ConsentDirectiveJson.Deserialize(DirectiveJson, SchemaVersion) with { Status = ConsentDirectiveJson.ToStatus(Status) };
    }
}
