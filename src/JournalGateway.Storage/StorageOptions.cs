using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Storage;

/// <summary>Which database engine holds the gateway's own state.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file: the default, for one gateway instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database, shared by several gateway instances.</summary>
    PostgreSql,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Storage";

    /// <summary><c>Storage:Provider</c>: <c>Sqlite</c> (default) or <c>PostgreSql</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary><c>Storage:Sqlite:*</c>.</summary>
    [Required]
    public SqliteStorageOptions Sqlite { get; set; } = new();

    /// <summary><c>Storage:PostgreSql:*</c>.</summary>
    [Required]
    public PostgreSqlStorageOptions PostgreSql { get; set; } = new();
}

/// <summary>The <c>Storage:Sqlite</c> section.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary><c>Storage:Sqlite:Path</c>: the database file; relative paths are under the content root. Its directory is created.</summary>
    public string Path { get; set; } = "data/gateway.db";

    /// <summary><c>Storage:Sqlite:BusyTimeoutMs</c>: how long a writer waits for another process's write lock.</summary>
    [Range(100, 600_000)]
    public int BusyTimeoutMs { get; set; } = 10_000;
}

/// <summary>The <c>Storage:PostgreSql</c> section.</summary>
public sealed class PostgreSqlStorageOptions
{
    /// <summary><c>Storage:PostgreSql:ConnectionString</c>: required when the provider is PostgreSql.</summary>
    public string? ConnectionString { get; set; }
}
