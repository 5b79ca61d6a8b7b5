using JournalGateway.Core.Notes;

namespace JournalGateway.Core.Startup;

/// <summary>
/// A component's share of a request, run once before the gateway reports ready, so that first-use costs (JIT
/// compilation, JSON metadata, statement preparation, connection set-up) are paid then and not by the first request.
/// </summary>
/// <remarks>A warm-up must leave no trace: it stores, sends and logs no note and no access.</remarks>
public interface IStartupWarmUp
{
    /// <summary>Runs the component's request path as far as it can without side effects, on <paramref name="sample"/>.</summary>
    /// <param name="sample">The packaged example note, as the write path maps it.</param>
    /// <param name="cancellationToken">Cancelled when start-up gives up on this warm-up.</param>
    Task WarmUpAsync(HslNote sample, CancellationToken cancellationToken);
}
