using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;
using JournalGateway.Storage.PostgreSql;
using JournalGateway.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage;

/// <summary>The consent registry and the access log, wired by <see cref="StorageServiceCollectionExtensions.AddGatewayStorage"/>.</summary>
internal static class AccessStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IConsentRegistry"/>, <see cref="IAccessLog"/> (the engine's log behind a
    /// <see cref="BatchingAccessLog"/>, disposed, and so drained, with the container), <see cref="IAccessLogRetention"/>
    /// and <see cref="AccessLogVerifier"/>, on the engine <c>Storage:Provider</c> names; <c>Storage:AccessLog</c> is
    /// validated at start.
    /// </summary>
    public static IServiceCollection AddAccessStores(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessLogOptions>()
            .Bind(configuration.GetSection(AccessLogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<SqliteConsentRegistry>();
        services.TryAddSingleton<PostgreSqlConsentRegistry>();
        services.TryAddSingleton<SqliteAccessLog>();
        services.TryAddSingleton<PostgreSqlAccessLog>();

        services.TryAddSingleton<IConsentRegistry>(sp => Choose<IConsentRegistry, SqliteConsentRegistry, PostgreSqlConsentRegistry>(sp));
        services.TryAddSingleton<IAccessLogRetention>(sp => Choose<IAccessLogRetention, SqliteAccessLog, PostgreSqlAccessLog>(sp));
        services.TryAddSingleton<IAccessLog>(sp => new BatchingAccessLog(
            Choose<IAccessLog, SqliteAccessLog, PostgreSqlAccessLog>(sp),
            sp.GetRequiredService<IOptions<AccessLogOptions>>(),
            sp.GetRequiredService<ILogger<BatchingAccessLog>>()));
        services.TryAddSingleton<AccessLogVerifier>();
        return services;
    }

    private static TService Choose<TService, TSqlite, TPostgreSql>(IServiceProvider services)
        where TSqlite : TService
        where TPostgreSql : TService
        where TService : notnull
        => services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
        {
            StorageProvider.Sqlite => services.GetRequiredService<TSqlite>(),
            StorageProvider.PostgreSql => services.GetRequiredService<TPostgreSql>(),
            var other => throw new InvalidOperationException($"Unknown Storage:Provider '{other}'."),
        };
}
