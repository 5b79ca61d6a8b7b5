using Dapper;
using Microsoft.Extensions.DependencyInjection;
using RegionalStore.Storage;
using RegionalStore.Tests.Support;

namespace RegionalStore.Tests.Storage;

public sealed class StoreDatabaseTests
{
    [Fact]
    public async Task Open_PooledConnectionAgain_KeepsItsPragmas()
    {
        await using var store = await StoreServer.StartAsync();
        var database = store.Services.GetRequiredService<StoreDatabase>();
        SQLitePCL.sqlite3 firstHandle;
        using (var first = database.Open())
        {
            firstHandle = first.Handle!;
        }

        // The pragmas are set once per native connection; the pool hands the same one out again.
        using var again = database.Open();
        Assert.Same(firstHandle, again.Handle);
        Assert.Equal(2, again.ExecuteScalar<long>("PRAGMA synchronous"));
        Assert.Equal(5000, again.ExecuteScalar<long>("PRAGMA busy_timeout"));
        Assert.Equal(1, again.ExecuteScalar<long>("PRAGMA foreign_keys"));
        Assert.Equal("wal", again.ExecuteScalar<string>("PRAGMA journal_mode"));
    }
}
