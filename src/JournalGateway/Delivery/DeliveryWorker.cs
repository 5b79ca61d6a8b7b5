using JournalGateway.Core.Delivery;
using Microsoft.Extensions.Options;

namespace JournalGateway.Delivery;

/// <summary>Delivers accepted notes to the regional record in the background, on every gateway instance.</summary>
public sealed partial class DeliveryWorker(
    NoteDeliverer deliverer,
    DeliverySignal signal,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        deliverer.Attempted += signal.Attempted;
        deliverer.Attempted += metrics.Attempted;
        await Task.WhenAll(Enumerable.Range(0, options.Value.Rounds).Select(_ => RunRoundsAsync(stoppingToken)));
    }

    private async Task RunRoundsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Keep claiming while there is work; then sleep until woken or the poll interval passes.
                while (await deliverer.DeliverDueAsync(stoppingToken) > 0)
                {
                }

                await signal.WaitForWorkAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Storage trouble: log the type only (messages may quote data) and try again after a pause.
                LogRoundFailed(logger, e.GetType().Name);
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery round failed with {ExceptionType}; retrying")]
    private static partial void LogRoundFailed(ILogger logger, string exceptionType);
}
