using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JournalGateway.Benchmarks;

/// <summary>
/// The machine's limit: Kestrel with one GET and one POST endpoint doing nothing useful, run as a child process (this
/// exe with <c>--serve-noop PORT</c>) so that it is loaded exactly as the gateway is.
/// </summary>
internal static class NoopServer
{
    public const string Argument = "--serve-noop";

    public static async Task<int> RunAsync(string port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{int.Parse(port, CultureInfo.InvariantCulture)}");
        var app = builder.Build();

        app.MapGet("/healthz/ready", () => "ok");
        app.MapGet("/noop", () => "ok");
        // Reads the whole body (as any JSON endpoint must) and throws it away.
        app.MapPost("/noop", async (HttpRequest request) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while (await request.Body.ReadAsync(buffer) > 0)
                {
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return "ok";
        });
        await app.RunAsync();
        return 0;
    }
}
