using Microsoft.AspNetCore.Http.Features;

namespace RegionalStore.Faults;

/// <summary>Handlers tell the middleware that they committed a write, so that failAfterWrite hits only real writes.</summary>
internal static class FaultInjection
{
    private static readonly object WrittenKey = new();

    public static void MarkWritten(HttpContext context) => context.Items[WrittenKey] = true;

    public static bool WasWritten(HttpContext context) => context.Items.ContainsKey(WrittenKey);
}

internal sealed class FaultInjectionMiddleware(RequestDelegate next, FaultState faults, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var settings = faults.Current;
        if (settings.LatencyMs > 0)
        {
            // A slow upstream keeps working after its client gave up: take the whole request first, then finish it
            // regardless, so that a write the client timed out on still lands (what would duplicate without keys).
            context.Request.EnableBuffering();
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Request.Body.Position = 0;
            context.RequestAborted = CancellationToken.None;
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMs), time, CancellationToken.None);
        }

        if (settings.Outage)
        {
            await WriteFaultAsync(context, settings, "outage");
            return;
        }

        if (faults.DrawFailure(settings.FailureRate))
        {
            await WriteFaultAsync(context, settings, "failure");
            return;
        }

        if (!settings.FailAfterWrite)
        {
            await next(context);
            return;
        }

        // Hold the answer back until we know whether the handler wrote anything.
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        var buffered = new StreamResponseBodyFeature(buffer);
        context.Features.Set<IHttpResponseBodyFeature>(buffered);
        try
        {
            await next(context);
            await buffered.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        if (FaultInjection.WasWritten(context))
        {
            context.Response.Clear();
            await WriteFaultAsync(context, settings, "lost-answer");
            return;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original.Stream, context.RequestAborted);
    }

    private static Task WriteFaultAsync(HttpContext context, FaultSettings settings, string kind)
    {
        context.Response.Headers["X-Fault-Injected"] = kind;
        if (settings.RetryAfterSeconds is int seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(
                detail: $"Injected fault ({kind}).",
                statusCode: settings.Status,
                title: "The regional store is failing on purpose.")
            .ExecuteAsync(context);
    }
}
