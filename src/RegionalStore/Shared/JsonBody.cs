using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RegionalStore.Shared;

/// <summary>A request body read by hand, so that unreadable JSON is a 400 problem and the raw shape can be inspected first.</summary>
internal readonly record struct Body<T>(T? Value, ProblemHttpResult? Problem);

internal static class JsonBody
{
    public static JsonSerializerOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    public static async Task<Body<JsonObject>> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new(null, Problems.UnsupportedMediaType());
        }

        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return node is JsonObject json
                ? new(json, null)
                : new(null, Problems.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException)
        {
            // The parser's message may quote the body: do not pass it on.
            return new(null, Problems.BadRequest("The body is not valid JSON."));
        }
    }

    public static Body<T> Bind<T>(JsonObject json, HttpContext context)
        where T : class
    {
        try
        {
            var value = json.Deserialize<T>(Options(context));
            return value is null ? new(null, Problems.BadRequest("The body is empty.")) : new(value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "the body" : e.Path;
            return new(null, Problems.BadRequest($"A value of the wrong type at {where}."));
        }
    }
}
