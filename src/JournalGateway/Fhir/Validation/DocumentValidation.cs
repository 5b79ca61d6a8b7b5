using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.Extensions.Caching.Memory;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Validates a document Bundle one entry at a time, so that each entry is validated once and an entry seen before
/// (the same patient, author and units arrive with note after note) is not validated again.
/// </summary>
/// <remarks>
/// <para>
/// Firely validates a Bundle as one tree: every entry against its profile, plus every resolvable reference by
/// validating its target again against the reference's target profile. Here the same checks are made in pieces, with
/// the other entries replaced by stand-ins (an empty resource of the same type, id and versionId, at the same
/// fullUrl):
/// </para>
/// <list type="bullet">
/// <item>each entry with its real resource and the others as stand-ins: the entry against its profile, and each of its
/// references resolved to a stand-in, so that Firely still checks the target's type against the allowed target types
/// while the target's content is checked once, in its own entry's run;</item>
/// <item>the Bundle itself (its elements and invariants, entry types and order), which sees the same stand-ins in every
/// run: taken from the first entry run, or validated with stand-ins only when every entry came from the cache.</item>
/// </list>
/// <para>
/// A run keeps only what belongs to it: what lies inside its entry's resource plus the wrong-target-type errors its
/// references cause (and, once, what lies outside all entries' resources). An entry's result depends on the
/// resource, its profile, its position and fullUrl, and what its references resolve to; all of that is the cache key,
/// so a cached result is exactly what validating again would give. This relies on target profiles being core types
/// (a stand-in cannot satisfy a real profile); <see cref="Profiles.ProfileCatalog"/> refuses a package where they are not.
/// </para>
/// </remarks>
internal sealed partial class DocumentValidation(IMemoryCache cache)
{
    // Firely's message when a reference resolves to a resource of a type the element does not allow; it is reported
    // at the target. DocumentValidationTests pins it, so an SDK update that rewords it fails a test, not silently.
    internal const string WrongTargetTypeMessage = "which is not one of the allowed target types";

    // Copied into each cache entry by MemoryCache, so one instance serves them all.
    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    private readonly FhirJsonSerializer _serializer = new();

    /// <summary>Whether <paramref name="resource"/> is a stand-in made here (validated against its core type only).</summary>
    public static bool IsStandIn(Resource resource) => resource.Annotation<StandInMark>() is not null;

    /// <summary>Validates <paramref name="document"/> against <paramref name="documentProfile"/> and each entry against
    /// <paramref name="profileFor"/>'s profile, on <paramref name="validator"/> (borrowed by the caller).</summary>
    public OperationOutcome Validate(Validator validator, Bundle document, string documentProfile, Func<Resource, string> profileFor)
    {
        var entries = document.Entry;
        var real = entries.Select(e => e.Resource).ToArray();
        var standIns = real.Select(r => r is null ? null : StandIn(r)).ToArray();
        var outcome = new OperationOutcome();
        var bundleChecked = false;
        try
        {
            for (var j = 0; j < entries.Count; j++)
            {
                entries[j].Resource = standIns[j];
            }

            for (var i = 0; i < entries.Count; i++)
            {
                if (real[i] is not { } resource)
                {
                    continue;
                }

                var profile = profileFor(resource);
                var json = _serializer.SerializeToString(resource);
                // The neutral key serves the usual case (a known entry under new urn:uuids); the exact key, worked out
                // only when that misses, serves the rest, errors included.
                var neutralKey = NeutralCacheKey(document, i, profile, json);
                if (!TryCached(neutralKey, out var issues))
                {
                    var key = CacheKey(document, real, i, profile, json);
                    if (!TryCached(key, out issues))
                    {
                        entries[i].Resource = resource;
                        var run = validator.Validate(document, documentProfile).Issue;
                        entries[i].Resource = standIns[i];
                        issues = run.Where(issue => EntryOf(issue) is { } at && (at == i || IsWrongTargetType(issue))).ToArray();
                        cache.Set(key, issues, EntryOptions);
                        if (neutralKey is not null && issues.Length == 0)
                        {
                            cache.Set(neutralKey, issues, EntryOptions);
                        }

                        // The Bundle's own checks see only the entries' types, ids and fullUrls, the same in every run:
                        // take them from the first run rather than validating the Bundle once more.
                        if (!bundleChecked)
                        {
                            outcome.Issue.AddRange(run.Where(issue => EntryOf(issue) is null));
                            bundleChecked = true;
                        }
                    }
                }

                outcome.Issue.AddRange(issues.Select(issue => (OperationOutcome.IssueComponent)issue.DeepCopy()));
            }

            if (!bundleChecked)
            {
                // Every entry came from the cache: the Bundle with stand-ins only.
                outcome.Issue.AddRange(validator.Validate(document, documentProfile).Issue.Where(issue => EntryOf(issue) is null));
            }
        }
        finally
        {
            for (var j = 0; j < entries.Count; j++)
            {
                entries[j].Resource = real[j];
            }
        }

        return outcome;
    }

    private bool TryCached(string? key, [NotNullWhen(true)] out OperationOutcome.IssueComponent[]? issues)
    {
        issues = null;
        return key is not null && cache.TryGetValue(key, out issues) && issues is not null;
    }

    private static Resource StandIn(Resource resource)
    {
        var standIn = (Resource)Activator.CreateInstance(resource.GetType())!;
        standIn.Id = resource.Id;
        if (resource.Meta?.VersionId is { } versionId)
        {
            // Bundle invariant bdl-7 compares fullUrl and versionId.
            standIn.Meta = new Meta { VersionId = versionId };
        }

        standIn.AddAnnotation(StandInMark.Instance);
        return standIn;
    }

    private static bool IsWrongTargetType(OperationOutcome.IssueComponent issue) =>
        (issue.Details?.Text ?? issue.Diagnostics ?? "").Contains(WrongTargetTypeMessage, StringComparison.Ordinal);

    /// <summary>The index of the entry whose resource <paramref name="issue"/> lies in, or null for the Bundle's own.</summary>
    internal static int? EntryOf(OperationOutcome.IssueComponent issue)
    {
        var path = issue.Expression.FirstOrDefault() ?? issue.Location.FirstOrDefault();
        return path is not null && EntryResourcePath().Match(path) is { Success: true } match
            ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)
            : null;
    }

    // Everything an entry's run depends on: its profile, position, fullUrl and content, and for each reference in it
    // the entries it could resolve to (matched generously: a spurious candidate only costs a cache miss).
    private static string CacheKey(Bundle document, Resource?[] real, int index, string profile, string json)
    {
        var key = new StringBuilder(json.Length + 256)
            .Append(profile).Append('\n')
            .Append(index).Append('\n')
            .Append(document.Entry[index].FullUrl).Append('\n')
            .Append(json).Append('\n');
        foreach (Match reference in ReferenceValue().Matches(json))
        {
            var value = reference.Groups[1].Value;
            key.Append(value).Append("->");
            for (var j = 0; j < real.Length; j++)
            {
                if (real[j] is { } target && Matches(value, document.Entry[j].FullUrl, target))
                {
                    key.Append(j).Append(':').Append(target.TypeName).Append(',');
                }
            }

            key.Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }

    // Writers give every document new urn:uuid fullUrls, so an unchanged practitioner role or care unit arrives with
    // new reference values each time. Where every reference is exactly the fullUrl of one entry, what validation sees
    // of it is that entry's position and type; the key says just that. Only clean results are kept under this key, so
    // an error message never quotes another document's reference.
    private static string? NeutralCacheKey(Bundle document, int index, string profile, string json)
    {
        var resolvable = true;
        var neutral = ReferenceValue().Replace(json, reference =>
        {
            var value = reference.Groups[1].Value;
            var target = -1;
            for (var j = 0; j < document.Entry.Count; j++)
            {
                if (document.Entry[j].FullUrl == value)
                {
                    resolvable &= target < 0;
                    target = j;
                }
            }

            resolvable &= target >= 0 && document.Entry[target].Resource is not null;
            return resolvable ? $"\"reference\":\"entry {target} {document.Entry[target].Resource!.TypeName}\"" : reference.Value;
        });
        if (!resolvable)
        {
            return null;
        }

        var key = new StringBuilder(neutral.Length + 128).Append("neutral\n").Append(profile).Append('\n').Append(index).Append('\n').Append(neutral);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }

    private static bool Matches(string reference, string? fullUrl, Resource target)
    {
        var typeAndId = target.TypeName + "/" + target.Id;
        return reference == fullUrl
            || (fullUrl is not null && fullUrl.EndsWith("/" + reference, StringComparison.Ordinal))
            || (target.Id is not null && (reference == typeAndId || reference.EndsWith("/" + typeAndId, StringComparison.Ordinal)));
    }

    private sealed class StandInMark
    {
        public static readonly StandInMark Instance = new();
    }

    [GeneratedRegex(@"^Bundle\.entry\[(\d+)\]\.resource(?:$|[.\[])", RegexOptions.CultureInvariant)]
    private static partial Regex EntryResourcePath();

    [GeneratedRegex("\"reference\":\"((?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceValue();
}
