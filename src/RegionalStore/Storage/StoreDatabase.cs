using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace RegionalStore.Storage;

/// <summary>The store's SQLite file: connections with the right pragmas, and the schema.</summary>
internal sealed class StoreDatabase
{
    // The native connections that already run with the pragmas below. They are settings of a native connection, which
    // the pool keeps open between uses: setting them on every open parsed and ran three statements per query.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    private readonly string _connectionString;

    public StoreDatabase(IOptions<RegionalStoreOptions> options, IHostEnvironment environment)
    {
        var path = options.Value.DatabasePath;
        FullPath = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FullPath { get; }

    /// <summary>New for each run of the store: part of every ETag it gives, so that no tag outlives the run.</summary>
    public string Epoch { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Writes in this process take turns here rather than at SQLite's write lock, whose busy handler sleeps (1, 2, 5,
    /// 10 ms and more) between tries: under concurrent deliveries those sleeps, not the work, made a write's latency.
    /// Another process on the same file still meets busy_timeout.
    /// </summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (!Configured.TryGetValue(connection.Handle!, out _))
        {
            // Every commit reaches the disk, and writers wait for each other instead of failing.
            connection.Execute("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
            Configured.AddOrUpdate(connection.Handle!, FullPath);
        }

        return connection;
    }

    public void Initialize()
    {
        var directory = Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = Open();
        // WAL is a property of the file: readers do not block the writer.
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute(Schema);
    }

    /// <summary>
    /// One row per note (its identity) and one per version. The unique index on external_id is what makes
    /// writes idempotent, also when two requests race.
    /// </summary>
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS journal_notes (
            note_id          TEXT    NOT NULL PRIMARY KEY,
            external_id      TEXT    NULL,
            current_version  INTEGER NOT NULL,
            created_at       TEXT    NOT NULL
        );

        CREATE TABLE IF NOT EXISTS journal_note_versions (
            note_id              TEXT    NOT NULL REFERENCES journal_notes (note_id),
            version              INTEGER NOT NULL,
            is_latest            INTEGER NOT NULL,
            external_id          TEXT    NULL,
            patient_id           TEXT    NOT NULL,
            patient_id_type      TEXT    NOT NULL,
            care_provider_hsa_id TEXT    NOT NULL,
            care_unit_hsa_id     TEXT    NOT NULL,
            author_hsa_id        TEXT    NOT NULL,
            author_name          TEXT    NULL,
            author_role          TEXT    NULL,
            note_type            TEXT    NOT NULL,
            title                TEXT    NOT NULL,
            event_time           TEXT    NOT NULL,
            event_offset_minutes INTEGER NOT NULL,
            status               TEXT    NOT NULL,
            signed_at            TEXT    NULL,
            signer_hsa_id        TEXT    NULL,
            signer_name          TEXT    NULL,
            signer_role          TEXT    NULL,
            supersedes           TEXT    NULL,
            keywords_json        TEXT    NOT NULL,
            recorded_at          TEXT    NOT NULL,
            PRIMARY KEY (note_id, version)
        );

        CREATE UNIQUE INDEX IF NOT EXISTS ux_journal_note_versions_external_id
            ON journal_note_versions (external_id);
        CREATE INDEX IF NOT EXISTS ix_journal_note_versions_patient_event
            ON journal_note_versions (patient_id, event_time);

        CREATE TABLE IF NOT EXISTS external_documents (
            document_id          TEXT    NOT NULL PRIMARY KEY,
            external_id          TEXT    NOT NULL,
            patient_id           TEXT    NOT NULL,
            patient_id_type      TEXT    NOT NULL,
            care_provider_hsa_id TEXT    NOT NULL,
            care_unit_hsa_id     TEXT    NOT NULL,
            basis                TEXT    NOT NULL,
            service_type         TEXT    NOT NULL,
            municipal_record_id  TEXT    NOT NULL,
            source_system        TEXT    NULL,
            title                TEXT    NULL,
            date                 TEXT    NOT NULL,
            date_offset_minutes  INTEGER NOT NULL,
            author_hsa_id        TEXT    NULL,
            author_name          TEXT    NULL,
            author_role          TEXT    NULL,
            recorded_at          TEXT    NOT NULL
        );

        CREATE UNIQUE INDEX IF NOT EXISTS ux_external_documents_external_id
            ON external_documents (external_id);
        CREATE INDEX IF NOT EXISTS ix_external_documents_patient_date
            ON external_documents (patient_id, date);
        """;

    /// <summary>True when SQLite refused a row because of a unique index (the idempotency race).</summary>
    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode is 2067 or 1555;
}
