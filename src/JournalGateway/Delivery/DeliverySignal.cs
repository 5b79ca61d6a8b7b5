using System.Collections.Concurrent;
using JournalGateway.Core.Delivery;

namespace JournalGateway.Delivery;

/// <summary>
/// Wakes the delivery worker when a note is accepted, and lets the write that accepted it wait a moment for the
/// outcome of its first attempt.
/// </summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<(string, int), TaskCompletionSource<DeliveryState>> _waiters = new();

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    public Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>The state after the first attempt on this version, or null if none finished within the timeout.</summary>
    public async Task<DeliveryState?> WaitForAttemptAsync(string noteId, int version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return null;
        }

        var waiter = _waiters.GetOrAdd((noteId, version), _ => new TaskCompletionSource<DeliveryState>(TaskCreationOptions.RunContinuationsAsynchronously));
        Wake();
        try
        {
            return await waiter.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _waiters.TryRemove((noteId, version), out _);
        }
    }

    public void Attempted(DeliveryAttempt attempt)
    {
        if (_waiters.TryGetValue((attempt.NoteId, attempt.Version), out var waiter))
        {
            waiter.TrySetResult(attempt.State);
        }
    }
}
