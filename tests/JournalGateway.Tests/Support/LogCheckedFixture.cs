namespace JournalGateway.Tests.Support;

/// <summary>A gateway whose access-log store always fails, to see that reads are refused rather than unlogged.</summary>
public sealed class FailingAccessLogFixture : GatewayFixture
{
    protected override Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services => services =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Core.AccessLog.IAccessLog, FailingAccessLog>(services);

    private sealed class FailingAccessLog : Core.AccessLog.IAccessLog
    {
        public Task<IReadOnlyList<Core.AccessLog.AccessLogEntry>> AppendAsync(IReadOnlyList<Core.AccessLog.AccessLogEntry> entriesWithoutHash, CancellationToken cancellationToken) =>
            throw new IOException("disk full");

        public Task<IReadOnlyList<Core.AccessLog.AccessLogEntry>> QueryAsync(Core.Identifiers.PatientIdentifier? patient, DateTimeOffset? from, DateTimeOffset? to, Core.Access.PurposeOfUse? purpose, int max, CancellationToken cancellationToken) =>
            throw new IOException("disk full");

        public Task<IReadOnlyList<Core.AccessLog.AccessLogEntry>> ReadChainAsync(long fromSequence, int max, CancellationToken cancellationToken) =>
            throw new IOException("disk full");
    }
}
