using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Errors;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir;

/// <summary>
/// The parts of a FHIR search every resource shares: paging (<c>_count</c>, <c>_offset</c>), <c>_sort</c>, strict handling
/// of unknown parameters, and the searchset Bundle with stable self/next/previous links.
/// </summary>
public sealed class SearchRequest
{
    private static readonly HashSet<string> Common = ["_count", "_offset", "_sort", "_format", "_summary", "_total"];
    private readonly HttpRequest _request;
    private readonly List<KeyValuePair<string, string>> _linkParameters = [];

    private SearchRequest(HttpRequest request, int count, int offset, string? sort)
    {
        _request = request;
        Count = count;
        Offset = offset;
        Sort = sort;
    }

    public int Count { get; }

    public int Offset { get; }

    public string? Sort { get; }

    /// <summary>
    /// Reads the common parameters; <paramref name="known"/> names the resource's own. Unknown ones are ignored and
    /// left out of the links, unless the client asked for <c>Prefer: handling=strict</c> (then 400).
    /// </summary>
    public static SearchRequest Parse(HttpRequest request, IReadOnlyCollection<string> known, IReadOnlyCollection<string> sortable)
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<FhirApiOptions>>().Value;
        var strict = request.Headers["Prefer"].ToString().Contains("handling=strict", StringComparison.OrdinalIgnoreCase);
        var unknown = request.Query.Keys.Where(k => !Common.Contains(k) && !known.Contains(k)).ToList();
        if (strict && unknown.Count > 0)
        {
            throw FhirProblem.Malformed($"Unknown search parameter(s): {string.Join(", ", unknown)}.");
        }

        var count = ParseInt(request, "_count", options.DefaultPageSize, 0);
        count = Math.Min(count, options.MaxPageSize);
        var offset = ParseInt(request, "_offset", 0, 0);
        var sort = request.Query["_sort"].ToString();
        if (sort.Length > 0 && !sortable.Contains(sort))
        {
            throw FhirProblem.Malformed($"_sort supports: {string.Join(", ", sortable)}.", "_sort");
        }

        var search = new SearchRequest(request, count, offset, sort.Length > 0 ? sort : null);
        foreach (var name in known.Where(request.Query.ContainsKey))
        {
            foreach (var value in request.Query[name])
            {
                search._linkParameters.Add(new(name, value ?? string.Empty));
            }
        }

        return search;
    }

    /// <summary>A searchset Bundle of one page of <paramref name="all"/>.</summary>
    public Bundle ToBundle<T>(IReadOnlyList<T> all, Func<T, (string FullUrl, Resource Resource)> entry)
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = all.Count,
            Meta = new Meta { LastUpdated = Now() },
        };
        foreach (var (relation, url) in Links(all.Count))
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = relation, Url = url });
        }

        foreach (var item in Page(all))
        {
            var (fullUrl, resource) = entry(item);
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = fullUrl,
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }

    /// <summary>
    /// The answer to a search: one page of <paramref name="all"/> and an optional outcome entry. In JSON each match is
    /// written from <paramref name="json"/>, its serialized form, so the page costs no FHIR object model and no
    /// serializer pass; in XML the Bundle is built from <paramref name="resource"/> as <see cref="ToBundle{T}"/> does.
    /// </summary>
    public IResult ToResult<T>(
        IReadOnlyList<T> all,
        Func<T, string> fullUrl,
        Func<T, Resource> resource,
        Func<T, byte[]> json,
        OperationOutcome? outcome) =>
        new SearchsetResult<T>(this, all, fullUrl, resource, json, outcome);

    /// <summary>The page of <paramref name="all"/> this request asks for.</summary>
    internal IEnumerable<T> Page<T>(IReadOnlyList<T> all) => all.Skip(Offset).Take(Count);

    /// <summary>The self, next and previous links of a result of <paramref name="total"/> items.</summary>
    internal List<(string Relation, string Url)> Links(int total)
    {
        var baseUrl = FhirBaseUrl.Of(_request);
        var links = new List<(string, string)>(3) { ("self", Link(baseUrl, Offset)) };
        if (Count > 0 && Offset + Count < total)
        {
            links.Add(("next", Link(baseUrl, Offset + Count)));
        }

        if (Count > 0 && Offset > 0)
        {
            links.Add(("previous", Link(baseUrl, Math.Max(0, Offset - Count))));
        }

        return links;
    }

    internal DateTimeOffset Now() => _request.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private string Link(string baseUrl, int offset)
    {
        var parameters = new List<KeyValuePair<string, string>>(_linkParameters);
        if (Sort is not null)
        {
            parameters.Add(new("_sort", Sort));
        }

        parameters.Add(new("_count", Count.ToString(CultureInfo.InvariantCulture)));
        if (offset > 0)
        {
            parameters.Add(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
        }

        if (_request.Query.TryGetValue("_format", out var format))
        {
            parameters.Add(new("_format", format.ToString()));
        }

        var path = _request.Path.Value!;
        var resourcePath = path[(path.IndexOf("/fhir", StringComparison.Ordinal) + "/fhir".Length)..];
        return baseUrl + resourcePath + Microsoft.AspNetCore.Http.QueryString.Create(parameters!).ToUriComponent();
    }

    private static int ParseInt(HttpRequest request, string name, int fallback, int minimum)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw FhirProblem.Malformed($"{name} must be a whole number of at least {minimum}.", name);
    }
}
