using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace JournalGateway.Tests.Support;

/// <summary>An HTTP client for the gateway that fetches tokens from <c>/dev/token</c>, as Postman and integrators do.</summary>
public sealed class GatewayClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<string> TokenAsync(Caller caller, string scope)
    {
        var response = await http.PostAsJsonAsync("/dev/token", new Dictionary<string, string>
        {
            ["sub"] = caller.Sub,
            ["name"] = caller.Name,
            ["care_unit"] = caller.CareUnit,
            ["care_provider"] = caller.CareProvider,
            ["provider_kind"] = caller.ProviderKind,
            ["scope"] = scope,
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["access_token"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null,
        string contentType = "application/fhir+json", string? accept = "application/fhir+json", IDictionary<string, string>? headers = null,
        bool relationship = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (relationship)
        {
            // Every read of patient data asserts a care relationship (DESIGN section 4); tests of its absence opt out.
            request.Headers.Add("X-Patient-Relationship", "active");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Polls <c>/healthz/ready</c> until it answers 200 (the host warms up before it is ready).</summary>
    public Task WaitUntilReadyAsync() => Eventually.TrueAsync(async () =>
    {
        using var ready = await SendAsync(HttpMethod.Get, "/healthz/ready", token: null, accept: null);
        return ready.StatusCode == HttpStatusCode.OK;
    });

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
