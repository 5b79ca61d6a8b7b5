using JournalGateway.Core.AccessLog;
using JournalGateway.Storage;
using JournalGateway.Storage.AccessLog;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage.Tests;

/// <summary>The start-up rehearsal's scratch stores: real schema, usable, and gone without a trace when disposed.</summary>
public sealed class ScratchStorageTests
{
    [Fact]
    public async Task Scratch_HasTheSchema_AndDisposingDeletesItsFiles()
    {
        var before = ScratchFiles();
        var scratch = await ScratchStorage.CreateAsync(Options.Create(new AccessLogOptions()), TimeProvider.System, CancellationToken.None);
        var created = ScratchFiles().Except(before).ToList();
        Assert.NotEmpty(created);

        // The schema is the gateway's: both stores answer (empty) instead of failing on a missing table.
        Assert.Empty(await scratch.AccessLog.ReadChainAsync(1, 10, CancellationToken.None));
        Assert.Null(await scratch.Outbox.FindByKeyAsync("no-such-key", CancellationToken.None));

        await scratch.DisposeAsync();
        Assert.All(created, file => Assert.False(File.Exists(file), $"{file} was left behind"));
    }

    private static HashSet<string> ScratchFiles() =>
        [.. Directory.EnumerateFiles(Path.GetTempPath(), "journalgateway-rehearsal-*")];
}
