using Npgsql;
using Testcontainers.PostgreSql;

namespace JournalGateway.Storage.Tests.PostgreSql;

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// One PostgreSQL container for the whole collection (each test gets its own database in it). Without Docker
/// the tests are skipped with the reason, never passed; with <c>JOURNALGATEWAY_REQUIRE_POSTGRES=true</c> (CI)
/// they fail instead.
/// </summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    public const string ImageVariable = "JOURNALGATEWAY_POSTGRES_IMAGE";
    public const string RequireVariable = "JOURNALGATEWAY_REQUIRE_POSTGRES";
    public const string DefaultImage = "postgres:17-alpine";

    private PostgreSqlContainer? _container;

    public string Image { get; } = Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : DefaultImage;

    public string? UnavailableReason { get; private set; }

    public static bool Required =>
        Environment.GetEnvironmentVariable(RequireVariable) is { } value
        && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    public async Task InitializeAsync()
    {
        try
        {
            _container = new PostgreSqlBuilder(Image).Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await _container.StartAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            // Kept for every test to report: a collection fixture cannot skip by itself.
            UnavailableReason =
                $"PostgreSQL tests need a Docker engine and the image '{Image}' ({ImageVariable}); starting it failed: " +
                $"{ex.GetType().Name}: {ex.Message} Build a local image with deploy/postgres-test-image/build.sh and export what it prints.";
        }
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A new, empty database in the shared container; skips or fails the calling test when there is none.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (UnavailableReason is not null)
        {
            if (Required)
            {
                throw new InvalidOperationException($"{RequireVariable}=true, so this fails instead of skipping. {UnavailableReason}");
            }

            Skip.If(true, UnavailableReason);
        }

        var admin = _container!.GetConnectionString();
        var name = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
