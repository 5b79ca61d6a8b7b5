using System.Diagnostics;
using System.Reflection;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Access;
using JournalGateway.Core.Delivery;

namespace JournalGateway.Hosting;

/// <summary>
/// Spans for the gateway's storage ports (outbox, consents, access log), named by port and method only: no arguments,
/// so no personal data, reach a trace. One decorator for every port instead of spans written into each engine.
/// </summary>
public class StorageTracing<TPort> : DispatchProxy where TPort : class
{
    public static readonly ActivitySource Source = new(GatewayHosting.TelemetryName + ".Storage");

    private TPort _inner = null!;

    public static TPort Wrap(TPort inner)
    {
        var proxy = Create<TPort, StorageTracing<TPort>>();
        ((StorageTracing<TPort>)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var activity = Source.StartActivity($"{typeof(TPort).Name}.{targetMethod!.Name}", ActivityKind.Client);
        activity?.SetTag("db.operation.name", targetMethod.Name);
        try
        {
            var result = targetMethod.Invoke(_inner, args);
            if (result is Task task && activity is not null)
            {
                task.ContinueWith(
                    (t, state) =>
                    {
                        var span = (Activity)state!;
                        if (t.IsFaulted)
                        {
                            span.SetStatus(ActivityStatusCode.Error, t.Exception?.InnerException?.GetType().Name);
                        }

                        span.Dispose();
                    },
                    activity,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                return result;
            }

            activity?.Dispose();
            return result;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.InnerException.GetType().Name);
            activity?.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

public static class StorageTracingExtensions
{
    /// <summary>Wraps the registered storage ports in tracing decorators (call after the storage is added).</summary>
    public static IServiceCollection AddStorageTracing(this IServiceCollection services)
    {
        services.AddSingleton<DecoratedInstances>();
        Decorate<INoteOutbox>(services);
        Decorate<IConsentRegistry>(services);
        Decorate<IAccessLog>(services);
        return services;
    }

    private static void Decorate<TPort>(IServiceCollection services) where TPort : class
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(TPort));
        if (registration is null)
        {
            return;
        }

        services.Remove(registration);
        services.Add(ServiceDescriptor.Describe(typeof(TPort), provider =>
        {
            var inner = registration.ImplementationInstance as TPort
                ?? (registration.ImplementationFactory is { } factory
                    ? (TPort)factory(provider)
                    : (TPort)ActivatorUtilities.CreateInstance(provider, registration.ImplementationType!));
            // The container disposes what it returned (the proxy); the instance behind it is disposed with this list.
            provider.GetRequiredService<DecoratedInstances>().Add(inner);
            return StorageTracing<TPort>.Wrap(inner);
        }, registration.Lifetime));
    }
}

/// <summary>Disposes, at shutdown, the instances behind decorators (the container only sees the decorators).</summary>
public sealed class DecoratedInstances : IAsyncDisposable
{
    private readonly List<object> _instances = [];

    public void Add(object instance)
    {
        lock (_instances)
        {
            _instances.Add(instance);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            if (instance is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (instance is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }
}
