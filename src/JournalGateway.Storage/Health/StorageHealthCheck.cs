using System.Data.Common;
using System.Globalization;
using JournalGateway.Storage.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JournalGateway.Storage.Health;

/// <summary>Ready when the database answers a trivial query and its schema is at the version this build expects.</summary>
internal sealed class StorageHealthCheck(IStorageDatabase database) : IHealthCheck
{
    private readonly int _expectedVersion = MigrationScript
        .Load(database.Provider == StorageProvider.Sqlite ? "Sqlite" : "PostgreSql")
        .Select(s => s.Version).DefaultIfEmpty(0).Max();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            var data = new Dictionary<string, object> { ["provider"] = database.Provider.ToString(), ["schemaVersion"] = version };
            return version >= _expectedVersion
                ? HealthCheckResult.Healthy("Storage answers.", data)
                : HealthCheckResult.Unhealthy($"Storage schema is at version {version}, this build needs {_expectedVersion}.", data: data);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            // The exception message names no patient data; the connection string is not in it.
            return HealthCheckResult.Unhealthy("Storage does not answer.", ex);
        }
    }
}
