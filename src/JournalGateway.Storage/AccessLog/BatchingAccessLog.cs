using System.Diagnostics;
using System.Threading.Channels;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JournalGateway.Storage.AccessLog;

/// <summary>
/// Group commit for the access log: appends from many concurrent requests are queued and written together, in one
/// transaction of the store beneath, so that logging a read costs a share of one commit instead of a commit of its own.
/// Each caller's task completes only after the batch holding its entries is durable, with its own entries as stored,
/// and faults with the store's error if that batch fails (the host then answers 503). A caller's entries stay together
/// and in order. Reads go straight to the store.
/// </summary>
/// <remarks>
/// One background loop (started by the first append) takes what is queued, up to
/// <see cref="AccessLogOptions.MaxBatchEntries"/> entries, waits at most <see cref="AccessLogOptions.MaxDelayMicroseconds"/>
/// for more, and flushes. While a flush commits, the next batch gathers, so batches grow with load without a timer.
/// Disposing stops taking appends and flushes what is queued.
/// </remarks>
public sealed class BatchingAccessLog : IAccessLog, IAsyncDisposable, IDisposable
{
    private readonly IAccessLog _inner;
    private readonly ILogger<BatchingAccessLog> _logger;
    private readonly int _maxBatchEntries;
    private readonly long _maxDelayTimestampTicks;
    private readonly Channel<PendingAppend> _queue;
    private readonly Lock _startLock = new();
    private Task? _loop;
    private bool _disposed;

    /// <summary>Batches appends to <paramref name="inner"/>.</summary>
    public BatchingAccessLog(IAccessLog inner, IOptions<AccessLogOptions> options, ILogger<BatchingAccessLog> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _logger = logger;
        var settings = options.Value;
        _maxBatchEntries = Math.Max(1, settings.MaxBatchEntries);
        // A performance knob rather than domain time, so measured on the monotonic clock, not a TimeProvider.
        _maxDelayTimestampTicks = settings.MaxDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(Math.Max(1, settings.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccessLogEntry>> AppendAsync(IReadOnlyList<AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entriesWithoutHash);
        // A bad entry is refused here, alone, rather than failing the batch it would join.
        foreach (var entry in entriesWithoutHash)
        {
            AccessLogRecord.Guard(entry);
        }

        if (entriesWithoutHash.Count == 0)
        {
            return [];
        }

        EnsureStarted();
        var pending = new PendingAppend([.. entriesWithoutHash], cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(BatchingAccessLog), "The access log is shutting down.");
        }

        // Not cancelled by the caller's token once queued: the entries may already be committing with others.
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AccessLogEntry>> QueryAsync(
        PatientIdentifier? patient,
        DateTimeOffset? from,
        DateTimeOffset? to,
        PurposeOfUse? purpose,
        int max,
        CancellationToken cancellationToken) =>
        _inner.QueryAsync(patient, from, to, purpose, max, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken) =>
        _inner.ReadChainAsync(fromSequence, max, cancellationToken);

    /// <summary>Stops taking appends and waits until everything queued is flushed.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_startLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        _queue.Writer.TryComplete();
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _loop) is not null)
        {
            return;
        }

        lock (_startLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var entries = Take(reader, batch, 0);
            if (entries < _maxBatchEntries && _maxDelayTimestampTicks > 0)
            {
                entries = await LingerAsync(reader, batch, entries).ConfigureAwait(false);
            }

            if (batch.Count > 0)
            {
                await FlushAsync(batch, entries).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    /// <summary>Moves queued appends into the batch while they fit; a lone append larger than the limit goes alone.</summary>
    private int Take(ChannelReader<PendingAppend> reader, List<PendingAppend> batch, int entries)
    {
        while (reader.TryPeek(out var next))
        {
            if (batch.Count > 0 && entries + next.Entries.Length > _maxBatchEntries)
            {
                break;
            }

            reader.TryRead(out _);
            if (next.CancellationToken.IsCancellationRequested)
            {
                // Never written: the caller gave up before its turn came.
                next.Completion.TrySetCanceled(next.CancellationToken);
                continue;
            }

            batch.Add(next);
            entries += next.Entries.Length;
            if (entries >= _maxBatchEntries)
            {
                break;
            }
        }

        return entries;
    }

    private async Task<int> LingerAsync(ChannelReader<PendingAppend> reader, List<PendingAppend> batch, int entries)
    {
        var deadline = Stopwatch.GetTimestamp() + _maxDelayTimestampTicks;
        while (entries < _maxBatchEntries)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var timeout = new CancellationTokenSource(remaining);
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var before = batch.Count;
            entries = Take(reader, batch, entries);
            if (batch.Count == before && reader.TryPeek(out _))
            {
                // The next append does not fit: flush now.
                break;
            }
        }

        return entries;
    }

    private async Task FlushAsync(List<PendingAppend> batch, int entries)
    {
        var all = new List<AccessLogEntry>(entries);
        foreach (var pending in batch)
        {
            all.AddRange(pending.Entries);
        }

        IReadOnlyList<AccessLogEntry> stored;
        try
        {
            // No caller's token: one caller giving up must not cancel the others' entries.
            stored = await _inner.AppendAsync(all, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure is handed to the callers; the loop must live on for the next batch.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogError(ex, "Access log flush of {Entries} entries for {Callers} requests failed", all.Count, batch.Count);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }

            return;
        }

        var offset = 0;
        foreach (var pending in batch)
        {
            var count = pending.Entries.Length;
            pending.Completion.TrySetResult(stored.Skip(offset).Take(count).ToList());
            offset += count;
        }
    }

    private sealed class PendingAppend(AccessLogEntry[] entries, CancellationToken cancellationToken)
    {
        public AccessLogEntry[] Entries { get; } = entries;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<IReadOnlyList<AccessLogEntry>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
