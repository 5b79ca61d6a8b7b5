using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Storage.AccessLog;

namespace JournalGateway.Storage.Tests.Support;

/// <summary>One engine's consent registry and access log on a fresh, migrated database, as the contract tests need them.</summary>
public abstract class AccessStoreHarness : IAsyncDisposable
{
    public abstract IConsentRegistry Consents { get; }

    /// <summary>The engine's own log, without batching.</summary>
    public abstract IAccessLog Log { get; }

    public abstract IAccessLogRetention Retention { get; }

    /// <summary>The engine's log through another database object (its own pool and locks), as another gateway instance has.</summary>
    public abstract (IAccessLog Log, IAccessLogRetention Retention) OpenAnotherInstance();

    /// <summary>Runs raw SQL on a connection of its own, as an operator or an attacker with the app's login would.</summary>
    public abstract Task<int> ExecuteAsync(string sql);

    /// <summary>Runs raw SQL on the log table with its append-only trigger switched off: a side door for tamper tests only.</summary>
    public abstract Task TamperAsync(string sql);

    public abstract ValueTask DisposeAsync();
}
