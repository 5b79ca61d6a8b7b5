using System.Data.Common;
using Npgsql;

namespace JournalGateway.Storage.PostgreSql;

/// <summary>The shared PostgreSQL database, reached through one pooled <see cref="NpgsqlDataSource"/>.</summary>
internal sealed class PostgreSqlDatabase(NpgsqlDataSource dataSource) : IStorageDatabase, IAsyncDisposable, IDisposable
{
    public PostgreSqlDatabase(string connectionString)
        : this(NpgsqlDataSource.Create(connectionString))
    {
    }

    public NpgsqlDataSource DataSource { get; } = dataSource;

    public StorageProvider Provider => StorageProvider.PostgreSql;

    async Task<DbConnection> IStorageDatabase.OpenConnectionAsync(CancellationToken cancellationToken) =>
        await DataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
