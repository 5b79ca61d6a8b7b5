using System.Data;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Storage.Sqlite;

/// <summary>
/// Group commit for every write to one SQLite file: writes that arrive while a commit is under way are run together,
/// in order, in the next <c>BEGIN IMMEDIATE</c> transaction, each inside a savepoint of its own, and made durable by
/// one commit (one fsync with <c>synchronous=FULL</c>) instead of one each.
/// </summary>
/// <remarks>
/// <para>
/// SQLite has one write lock per file, so writes were already one at a time; what a batch saves is the commit: the
/// fsync, and the pages (index and table leaves) that several writes change being written to the WAL once. Under
/// concurrent load this is most of a write's storage cost; a write that arrives alone is run at once, as before.
/// </para>
/// <para>
/// Every write sees the effects of the writes before it in its batch (as it would have, committed, before). A write
/// that throws is rolled back to its savepoint and gets its exception; the others go on. A few failures end the whole
/// transaction in SQLite (an interrupted statement, for one); then the write that caused it gets its exception and
/// the rest of the batch runs again in a new transaction, as the retry on SQLITE_BUSY already does. So a write's work
/// must be safe to run again from the start, which every caller's is: it reads what it needs inside the transaction.
/// Nobody learns the outcome of a write until the batch is committed: a caller never hears "done" for a write
/// that is not durable.
/// </para>
/// </remarks>
internal sealed class SqliteGroupCommit : IAsyncDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int MaxBusyAttempts = 5;
    private const string Savepoint = "group_commit_write";

    private readonly SqliteDatabase _database;
    private readonly SemaphoreSlim _writeGate;
    private readonly ILogger _logger;
    private readonly int _maxBatch;
    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <param name="database">The file; its connections carry the pragmas.</param>
    /// <param name="writeGate">Taken for each batch: the start-up rehearsal's rolled-back writes take it too.</param>
    /// <param name="logger">For busy retries.</param>
    /// <param name="maxBatch">The most writes in one transaction.</param>
    public SqliteGroupCommit(SqliteDatabase database, SemaphoreSlim writeGate, ILogger logger, int maxBatch = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        _database = database;
        _writeGate = writeGate;
        _logger = logger;
        _maxBatch = maxBatch;
    }

    /// <summary>Queues <paramref name="work"/> for the next batch; completes once that batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new QueuedWrite<T>(work, cancellationToken);
        EnsureStarted();
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase), "The SQLite database is closing.");
        }

        return write.Completion;
    }

    /// <summary>Takes no more writes, and waits until the queued ones are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(CommitLoopAsync);
        }
    }

    private async Task CommitLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<IQueuedWrite>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await _writeGate.WaitAsync().ConfigureAwait(false);
            try
            {
                await CommitAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Whatever ended the batch (a failed commit, a file that cannot be opened) is every waiting write's answer.
                foreach (var write in batch)
                {
                    write.Finish(ex);
                }
            }
            finally
            {
                _writeGate.Release();
                batch.Clear();
            }
        }
    }

    private async Task CommitAsync(List<IQueuedWrite> batch)
    {
        var pending = new List<IQueuedWrite>(batch.Count);
        foreach (var write in batch)
        {
            if (write.CancellationToken.IsCancellationRequested)
            {
                write.Finish(new OperationCanceledException(write.CancellationToken));
            }
            else
            {
                pending.Add(write);
            }
        }

        for (var busyAttempt = 1; pending.Count > 0;)
        {
            try
            {
                var breaker = await RunInOneTransactionAsync(pending).ConfigureAwait(false);
                if (breaker is null)
                {
                    foreach (var write in pending)
                    {
                        write.Finish();
                    }

                    return;
                }

                // The breaker has its answer; the others run again from the start in a new transaction.
                pending.Remove(breaker);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked && busyAttempt < MaxBusyAttempts)
            {
                // Another process (a second gateway on the file, a backup tool) held the lock past busy_timeout.
                _logger.LogWarning("SQLite database busy (attempt {Attempt}); retrying the write", busyAttempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * busyAttempt)).ConfigureAwait(false);
                busyAttempt++;
            }
        }
    }

    /// <summary>
    /// Runs the writes in one transaction and commits it. Returns null when committed, or the write whose failure
    /// ended the transaction (already answered; nothing of the others is kept).
    /// </summary>
    private async Task<IQueuedWrite?> RunInOneTransactionAsync(List<IQueuedWrite> writes)
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        try
        {
            // A write alone needs no savepoint: its failure rolls back the transaction, which holds nothing else.
            var alone = writes.Count == 1;
            foreach (var write in writes)
            {
                write.Reset();
                if (!alone)
                {
                    transaction.Save(Savepoint);
                }

                try
                {
                    await write.RunAsync(connection, transaction).ConfigureAwait(false);
                    if (!alone)
                    {
                        transaction.Release(Savepoint);
                    }
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteBusy or SqliteLocked)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    write.Fail(ex);
                    if (alone || !TryRollBackToSavepoint(transaction))
                    {
                        write.Finish();
                        return write;
                    }
                }
            }

            transaction.Commit();
            return null;
        }
        finally
        {
            DisposeQuietly(transaction);
        }
    }

    private static bool TryRollBackToSavepoint(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // The failure took the whole transaction with it (the provider then calls the transaction completed).
            return false;
        }
    }

    private static void DisposeQuietly(SqliteTransaction transaction)
    {
        try
        {
            transaction.Dispose();
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // Rolling back a transaction SQLite already ended; nothing is left to undo.
        }
    }

    private interface IQueuedWrite
    {
        CancellationToken CancellationToken { get; }

        /// <summary>Forgets an outcome from an earlier try of the batch.</summary>
        void Reset();

        Task RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        /// <summary>Records a failure of this write, answered when the batch is done.</summary>
        void Fail(Exception exception);

        /// <summary>Answers the caller with the recorded outcome.</summary>
        void Finish();

        /// <summary>Answers the caller with <paramref name="exception"/>, unless it already has its own failure.</summary>
        void Finish(Exception exception);
    }

    private sealed class QueuedWrite<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _failure;

        public Task<T> Completion => _completion.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public void Reset()
        {
            _result = default;
            _failure = null;
        }

        public async Task RunAsync(SqliteConnection connection, SqliteTransaction transaction) =>
            _result = await work(connection, transaction).ConfigureAwait(false);

        public void Fail(Exception exception) => _failure = exception;

        public void Finish()
        {
            if (_failure is OperationCanceledException canceled)
            {
                _completion.TrySetCanceled(canceled.CancellationToken);
            }
            else if (_failure is not null)
            {
                _completion.TrySetException(_failure);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }

        public void Finish(Exception exception)
        {
            _failure ??= exception;
            Finish();
        }
    }
}
