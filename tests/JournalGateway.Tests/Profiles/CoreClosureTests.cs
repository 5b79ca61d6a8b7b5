using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>
/// The embedded core closure (<see cref="CoreClosureSource"/>) must be exactly what our profiles need from the core
/// specification, copied unchanged from specification.zip. When the profiles or the Firely packages change, this test
/// fails; regenerate the file with <c>JOURNALGATEWAY_UPDATE_CORE_CLOSURE=1 dotnet test --filter CoreClosure</c>.
/// </summary>
public sealed class CoreClosureTests
{
    private const string UpdateVariable = "JOURNALGATEWAY_UPDATE_CORE_CLOSURE";

    [Fact]
    public async System.Threading.Tasks.Task Embedded_closure_is_what_the_profiles_need_from_specification_zip()
    {
        var expected = await BuildClosureAsync();

        using var embedded = typeof(CoreClosureSource).Assembly.GetManifestResourceStream(CoreClosureSource.ResourceName);
        var actual = embedded is null ? "" : await ReadGzippedAsync(embedded);
        if (actual == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var path = Path.Combine(RepositoryRoot(), "src", "JournalGateway", "Fhir", "Profiles", CoreClosureSource.ResourceName);
            await using var file = File.Create(path);
            await using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(expected));
            return;
        }

        Assert.Fail($"The embedded core closure is out of date; run the tests once with {UpdateVariable}=1 and rebuild.");
    }

    [Fact]
    public void Embedded_closure_holds_the_definitions_the_note_document_needs()
    {
        var closure = CoreClosureSource.LoadEmbedded();
        Assert.Contains("http://hl7.org/fhir/StructureDefinition/Composition", closure.Canonicals);
        Assert.Contains("http://hl7.org/fhir/StructureDefinition/Narrative", closure.Canonicals);
        Assert.Contains("http://hl7.org/fhir/ValueSet/administrative-gender", closure.Canonicals);
    }

    /// <summary>
    /// What validation resolves from the core while it loads our package and validates every example, plus the data
    /// types and bound value sets those definitions name (so an element the examples leave out is covered too).
    /// </summary>
    private static async Task<string> BuildClosureAsync()
    {
        var zip = new CachedResolver(ZipSource.CreateValidationSource());
        var recorder = new RecordingResolver(zip);
        var catalog = await ProfileCatalog.LoadAsync(ProfileFixture.PackageDirectory, new CachedResolver(recorder));
        using (var pool = new FhirValidatorPool(catalog, size: 1))
        {
            await pool.WarmUpAsync();
        }

        var closure = new SortedDictionary<string, Resource>(recorder.Resolved, StringComparer.Ordinal);
        var pending = new Queue<Resource>(closure.Values);
        while (pending.TryDequeue(out var resource))
        {
            foreach (var canonical in Dependencies(resource))
            {
                if (!closure.ContainsKey(canonical) && await zip.ResolveByCanonicalUriAsync(canonical) is { } dependency)
                {
                    closure[canonical] = dependency;
                    pending.Enqueue(dependency);
                }
            }
        }

        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var (canonical, resource) in closure)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = canonical, Resource = resource });
        }

        return new FhirJsonSerializer().SerializeToString(bundle);
    }

    private static IEnumerable<string> Dependencies(Resource resource)
    {
        switch (resource)
        {
            case StructureDefinition sd:
                if (sd.BaseDefinition is { } baseDefinition)
                {
                    yield return baseDefinition;
                }

                foreach (var element in sd.Snapshot?.Element ?? [])
                {
                    foreach (var type in element.Type)
                    {
                        if (type.Code is { } code && !code.StartsWith("http://hl7.org/fhirpath/", StringComparison.Ordinal))
                        {
                            yield return "http://hl7.org/fhir/StructureDefinition/" + code;
                        }
                    }

                    // Firely checks codes against required bindings (and reports extensible ones).
                    if (element.Binding is { ValueSet: { } valueSet, Strength: BindingStrength.Required or BindingStrength.Extensible })
                    {
                        yield return valueSet.Split('|')[0];
                    }
                }

                break;
            case ValueSet vs:
                foreach (var include in (vs.Compose?.Include ?? []).Concat(vs.Compose?.Exclude ?? []))
                {
                    if (include.System is { } system)
                    {
                        yield return system;
                    }

                    foreach (var nested in include.ValueSet.OfType<string>())
                    {
                        yield return nested.Split('|')[0];
                    }
                }

                break;
        }
    }

    private static async Task<string> ReadGzippedAsync(Stream stream)
    {
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JournalGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("JournalGateway.sln not found above the test output.");
    }

    /// <summary>Remembers every core resource resolved through it, by canonical url.</summary>
    private sealed class RecordingResolver(IAsyncResourceResolver inner) : IAsyncResourceResolver
    {
        public ConcurrentDictionary<string, Resource> Resolved { get; } = new(StringComparer.Ordinal);

#pragma warning disable CS0618 // Part of the interface.
        public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => Record(await inner.ResolveByCanonicalUriAsync(uri));

        public async Task<Resource?> ResolveByUriAsync(string uri) => Record(await inner.ResolveByUriAsync(uri));
#pragma warning restore CS0618

        public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri)
        {
            var result = await inner.TryResolveByCanonicalUriAsync(uri);
            Record(result.Value as Resource);
            return result;
        }

        public async Task<ResolverResult> TryResolveByUriAsync(string uri)
        {
            var result = await inner.TryResolveByUriAsync(uri);
            Record(result.Value as Resource);
            return result;
        }

        private Resource? Record(Resource? resource)
        {
            if (resource is IVersionableConformanceResource { Url: { } url })
            {
                Resolved.TryAdd(url, resource);
            }

            return resource;
        }
    }
}
