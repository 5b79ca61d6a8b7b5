using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Core.Startup;
using JournalGateway.Storage.Outbox;
using JournalGateway.Storage.Sqlite;

namespace JournalGateway.Storage;

/// <summary>
/// The storage share of a write, on the real database, keeping nothing: the note's stored JSON form both ways
/// (source-generated metadata is built on first use), the idempotency lookup every write starts with (for a key no
/// writer uses), a read of the access log past its end, and on SQLite the writes themselves (accept, claim, mark
/// delivered, an access-log append) through <see cref="SqliteDatabase.RollingBack"/>, whose transactions are rolled back.
/// </summary>
/// <remarks>
/// The writes run here, on the real file, and not only in the rehearsal's scratch storage, because Dapper keeps its
/// parameter and row mapping per statement and connection string: on another file the first real write would still
/// build them. A claim made here is rolled back like the rest, so a due note stays due for the worker.
/// </remarks>
internal sealed class StorageWarmUp(INoteOutbox outbox, IAccessLog accessLog, IStorageDatabase database, TimeProvider time) : IStartupWarmUp
{
    public async Task WarmUpAsync(HslNote sample, CancellationToken cancellationToken)
    {
        NoteJson.Deserialize(NoteJson.Serialize(sample), NoteJson.CurrentSchemaVersion);
        await outbox.FindByKeyAsync("startup-warm-up:" + Guid.NewGuid().ToString("N"), cancellationToken);
        await accessLog.ReadChainAsync(long.MaxValue, 1, cancellationToken);
        if (database is SqliteDatabase sqlite)
        {
            await RehearseWritesAsync(sqlite.RollingBack(), sample, cancellationToken);
        }
    }

    private async Task RehearseWritesAsync(SqliteDatabase rollingBack, HslNote sample, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = "startup-warm-up-" + Guid.NewGuid().ToString("N");
        var note = new AcceptedNote
        {
            NoteId = id,
            Version = 1,
            SubmissionType = "Bundle",
            SubmissionId = id,
            IdempotencyKey = "startup-warm-up:" + id,
            Note = sample,
            Representation = "{}",
            AcceptedAt = now,
            NextAttemptAt = now,
        };
        var rehearsalOutbox = new SqliteNoteOutbox(rollingBack);
        await rehearsalOutbox.AcceptAsync(note, cancellationToken);
        await rehearsalOutbox.ClaimDueAsync(1, now, now.AddSeconds(1), cancellationToken);
        try
        {
            await rehearsalOutbox.MarkDeliveredAsync(id, 1, id, now, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            // Expected: the accepted note was rolled back with its transaction.
        }

        await new SqliteAccessLog(rollingBack).AppendAsync(
        [
            new AccessLogEntry
            {
                Time = now,
                Action = AccessAction.Create,
                Outcome = AccessLogOutcome.Permitted,
                User = sample.Author.HsaId,
                CareUnit = sample.CareUnit,
                CareProvider = sample.CareProvider,
                ProviderKind = ProviderKind.Omsorgsgivare,
                Patient = sample.Patient,
                Purpose = PurposeOfUse.Treat,
                Returned = [$"Composition/{id}/_history/1"],
            },
        ], cancellationToken);
    }
}
