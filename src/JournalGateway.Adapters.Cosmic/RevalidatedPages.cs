using System.Net.Http.Headers;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace JournalGateway.Adapters.Cosmic;

/// <summary>
/// Search pages and version lists the regional record answered with an ETag, kept with it. The client asks again with
/// <c>If-None-Match</c> every time (nothing is served without asking the record), and where the record answers 304 the
/// kept page stands in for reading, sending and parsing the same page again. Bounded by an estimate of the pages' size
/// (<see cref="CosmicAdapterOptions.SearchCacheMegabytes"/>); least recently used pages go first. Holds patient data in
/// memory only, like any page in flight.
/// </summary>
public sealed class RevalidatedPages : IDisposable
{
    // What a note or document link takes in memory, about, as the store sends them: an estimate for the size bound.
    private const long BytesPerItem = 2048;

    private readonly MemoryCache? _cache;

    public RevalidatedPages(IOptions<CosmicAdapterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var megabytes = options.Value.SearchCacheMegabytes;
        _cache = megabytes == 0 ? null : new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = (long)megabytes * 1024 * 1024,
            CompactionPercentage = 0.2,
        });
    }

    /// <summary>The page kept for <paramref name="url"/>, and the tag to ask with; null when none is kept.</summary>
    internal Kept<T>? Find<T>(string url) =>
        _cache is not null && _cache.TryGetValue(url, out var value) && value is Kept<T> kept ? kept : null;

    internal void Keep<T>(string url, EntityTagHeaderValue tag, T page, int items)
    {
        if (_cache is null)
        {
            return;
        }

        using var entry = _cache.CreateEntry(url);
        entry.Size = (items + 1) * BytesPerItem;
        entry.Value = new Kept<T>(tag, page);
    }

    public void Dispose() => _cache?.Dispose();

    internal sealed record Kept<T>(EntityTagHeaderValue Tag, T Page);
}
