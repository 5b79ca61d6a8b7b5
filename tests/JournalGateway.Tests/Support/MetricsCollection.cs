namespace JournalGateway.Tests.Support;

/// <summary>
/// Tests that read a gateway's <c>/metrics</c> run alone, after the parallel ones. Meters are process-wide: every test
/// host's OpenTelemetry provider listens, by meter name, to the instruments of every other host alive in the test
/// process, and the metrics test of the delivery admin once showed no delivered-notes counter for 60 s although its
/// write had been answered "delivered" (clean-clone CI, two runs of four in one evening, on a loaded machine; never
/// alone). With no other host starting or stopping meanwhile, what a test reads is its own host's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics, run alone";
}
