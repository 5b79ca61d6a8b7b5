using System.Data.Common;

namespace JournalGateway.Storage;

/// <summary>The engine behind the stores: how to open a connection to it.</summary>
internal interface IStorageDatabase
{
    StorageProvider Provider { get; }

    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
}
