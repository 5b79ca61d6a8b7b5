using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace JournalGateway.Notes;

/// <summary>
/// The served JSON of note versions, so that a search serializes each version once instead of on every read. A note
/// version never changes (an amendment is a new version), and what else shows in the Composition (its last-updated
/// time and delivery tag) is part of the key, so a cached form is never stale: a delivered version read back from the
/// regional record, or a pending one that becomes delivered, is a different key. Bounded by bytes; least recently
/// used versions go first.
/// </summary>
public sealed class CompositionJsonCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly FhirSerialization _serialization;

    public CompositionJsonCache(FhirSerialization serialization, IOptions<FhirApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serialization = serialization;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = (long)options.Value.CompositionCacheMegabytes * 1024 * 1024,
            // Trim a fifth when full, so a burst of new versions does not trigger a compaction per insert.
            CompactionPercentage = 0.2,
        });
    }

    /// <summary>The Composition of <paramref name="view"/> as the FHIR JSON serializer writes it.</summary>
    public byte[] JsonOf(NoteView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var key = new Key(view.Id, view.Version, view.LastUpdated.UtcTicks, view.LastUpdated.Offset, view.DeliveryStatus);
        if (_cache.TryGetValue(key, out byte[]? json) && json is not null)
        {
            return json;
        }

        json = _serialization.Serialize(ToComposition(view), FhirFormat.Json);
        using (var entry = _cache.CreateEntry(key))
        {
            entry.Size = json.Length;
            entry.Value = json;
        }

        return json;
    }

    /// <summary>The Composition the gateway serves for one note version.</summary>
    public static Hl7.Fhir.Model.Composition ToComposition(NoteView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return CompositionMapping.ToComposition(view.Id, view.Version, view.LastUpdated, view.Note, view.DeliveryStatus);
    }

    public void Dispose() => _cache.Dispose();

    private readonly record struct Key(string Id, int Version, long UtcTicks, TimeSpan Offset, string DeliveryStatus);
}
