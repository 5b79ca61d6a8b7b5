using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage;

/// <summary>
/// The storage share of a write, read-only: the note's stored JSON form both ways (source-generated metadata is built
/// on first use), the idempotency lookup every write starts with (for a key no writer uses), and a read of the access
/// log past its end (its connection and reader code). Nothing is written.
/// </summary>
internal sealed class StorageWarmUp(INoteOutbox outbox, IAccessLog accessLog) : IStartupWarmUp
{
    public async Task WarmUpAsync(HslNote sample, CancellationToken cancellationToken)
    {
        NoteJson.Deserialize(NoteJson.Serialize(sample), NoteJson.CurrentSchemaVersion);
        await outbox.FindByKeyAsync("startup-warm-up:" + Guid.NewGuid().ToString("N"), cancellationToken);
        await accessLog.ReadChainAsync(long.MaxValue, 1, cancellationToken);
    }
}
