using JournalGateway.Storage.AccessLog;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage.Tests;

/// <summary>The start-up rehearsal's scratch stores: real schema, usable, and gone without a trace when disposed.</summary>
public sealed class ScratchStorageTests
{
    [Fact]
    public async Task Scratch_HasTheSchema_AndDisposingDeletesItsFiles()
    {
        var scratch = await ScratchStorage.CreateAsync(Options.Create(new AccessLogOptions()), TimeProvider.System, CancellationToken.None);
        string[] files = [scratch.FilePath, scratch.FilePath + "-wal", scratch.FilePath + "-shm"];
        Assert.StartsWith(Path.GetTempPath(), scratch.FilePath, StringComparison.Ordinal);
        Assert.True(File.Exists(scratch.FilePath));

        // The schema is the gateway's: both stores answer (empty) instead of failing on a missing table.
        Assert.Empty(await scratch.AccessLog.ReadChainAsync(1, 10, CancellationToken.None));
        Assert.Null(await scratch.Outbox.FindByKeyAsync("no-such-key", CancellationToken.None));

        await scratch.DisposeAsync();
        Assert.All(files, file => Assert.False(File.Exists(file), $"{file} was left behind"));
    }
}
