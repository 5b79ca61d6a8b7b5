using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Hl7.FhirPath;

namespace JournalGateway.Fhir.Profiles;

/// <summary>
/// The gateway's FHIR package, loaded and checked once at start: our conformance resources (for serving and for
/// validation), the profile per resource type, and the resolver that validators share.
/// </summary>
/// <remarks>
/// Resolution: our package comes from a <see cref="DirectorySource"/> behind a <see cref="SnapshotSource"/>, the core
/// specification from the embedded <see cref="CoreClosureSource"/> (the part of it our validation uses) and, for
/// anything outside that, <see cref="ZipSource.CreateValidationSource()"/>; one cached copy per process, and one
/// <see cref="CachedResolver"/> over both sits on top, asking the core first so that only our definitions reach the
/// snapshot generator. The generator reads core definitions through <see cref="CopyingResolver"/> because it edits
/// what it reads. The resources handed out are shared; treat them as
/// read-only (DeepCopy before changing one).
/// </remarks>
public sealed class ProfileCatalog
{
    public const string PackageManifest = "package.json";
    public const string ExamplesFolder = "examples";

    private const string CoreTypePrefix = "http://hl7.org/fhir/StructureDefinition/";

    // Conformance resources do not change while the process runs, so the cache never expires.
    private const int CacheForever = int.MaxValue;

    // The core specification is immutable and slow to read from specification.zip (an index of 60 MB of XML first,
    // then 50-300 ms per definition), so the part our validation uses comes from the embedded closure, the zip only
    // serves what lies outside it, and every catalog in the process shares one cached copy.
    private static readonly Lazy<CachedResolver> CoreSpecification =
        new(() => CreateCoreSpecification(CoreClosureSource.LoadEmbedded()));

    private readonly Dictionary<string, Resource> _byCanonical;
    private readonly Dictionary<(string Type, string Id), Resource> _byId;

    private ProfileCatalog(
        string packageDirectory,
        string packageName,
        string packageVersion,
        IAsyncResourceResolver resolver,
        IReadOnlyList<Resource> resources,
        TimeSpan loadDuration)
    {
        PackageDirectory = packageDirectory;
        PackageName = packageName;
        PackageVersion = packageVersion;
        Resolver = resolver;
        ConformanceResources = resources;
        LoadDuration = loadDuration;
        _byCanonical = resources.OfType<IVersionableConformanceResource>()
            .ToDictionary(r => r.Url, r => (Resource)r, StringComparer.Ordinal);
        _byId = resources.ToDictionary(r => (r.TypeName, r.Id ?? ""), r => r);
        Profiles = resources.OfType<StructureDefinition>().ToList();
        ProfilesByType = Profiles
            .GroupBy(p => p.Type ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Url ?? "").ToList(), StringComparer.Ordinal);
    }

    /// <summary>The package folder the catalog was loaded from.</summary>
    public string PackageDirectory { get; }

    /// <summary>Folder of the package's example instances.</summary>
    public string ExamplesDirectory => Path.Combine(PackageDirectory, ExamplesFolder);

    /// <summary>package.json <c>name</c>.</summary>
    public string PackageName { get; }

    /// <summary>package.json <c>version</c>.</summary>
    public string PackageVersion { get; }

    /// <summary>Resolves our package (with generated snapshots) and the core R4 specification; thread-safe, cached.</summary>
    public IAsyncResourceResolver Resolver { get; }

    /// <summary>Our StructureDefinitions (with snapshot), CodeSystems and ValueSets, for serving.</summary>
    public IReadOnlyList<Resource> ConformanceResources { get; }

    /// <summary>Our StructureDefinitions, with snapshot.</summary>
    public IReadOnlyList<StructureDefinition> Profiles { get; }

    /// <summary>Our profile canonicals per resource type, e.g. <c>Organization</c> → care unit and care provider.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProfilesByType { get; }

    /// <summary>How long loading, snapshot generation and the checks took.</summary>
    public TimeSpan LoadDuration { get; }

    /// <summary>One of our conformance resources by type and logical id.</summary>
    public bool TryGetById(string resourceType, string id, [NotNullWhen(true)] out Resource? resource) =>
        _byId.TryGetValue((resourceType, id), out resource);

    /// <summary>One of our conformance resources by canonical url, with or without <c>|version</c>.</summary>
    public bool TryGetByCanonical(string canonical, [NotNullWhen(true)] out Resource? resource)
    {
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0)
        {
            var version = canonical[(bar + 1)..];
            if (_byCanonical.TryGetValue(canonical[..bar], out resource)
                && resource is IVersionableConformanceResource v && v.Version == version)
            {
                return true;
            }

            resource = null;
            return false;
        }

        return _byCanonical.TryGetValue(canonical, out resource);
    }

    /// <summary>Our conformance resources of one type (StructureDefinition, CodeSystem, ValueSet).</summary>
    public IEnumerable<T> All<T>()
        where T : Resource => ConformanceResources.OfType<T>();

    /// <summary>
    /// Loads the package in <paramref name="packageDirectory"/>, generates the snapshots of our profiles and checks
    /// everything; throws <see cref="ProfilePackageException"/> naming the file when anything is broken.
    /// </summary>
    public static Task<ProfileCatalog> LoadAsync(string packageDirectory, CancellationToken cancellationToken = default) =>
        LoadAsync(packageDirectory, CoreSpecification.Value, cancellationToken);

    /// <summary>The core specification as the gateway reads it: the embedded closure, then specification.zip.</summary>
    internal static CachedResolver CreateCoreSpecification(IAsyncResourceResolver closure) =>
        new(new MultiResolver(closure, new CoreNamespaceFilter(ZipSource.CreateValidationSource())), CacheForever);

    /// <summary>As <see cref="LoadAsync(string, CancellationToken)"/>, against the given core specification.</summary>
    internal static async Task<ProfileCatalog> LoadAsync(
        string packageDirectory, IAsyncResourceResolver core, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var directory = Path.GetFullPath(packageDirectory);
        if (!Directory.Exists(directory))
        {
            throw new ProfilePackageException(
                $"The FHIR profile package folder '{directory}' does not exist (setting Fhir:ProfilesPath).");
        }

        var (name, version, canonicalBase) = ReadManifest(directory);
        var files = ReadConformanceFiles(directory, canonicalBase);
        cancellationToken.ThrowIfCancellationRequested();

        var package = new DirectorySource(directory, new DirectorySourceSettings
        {
            // Examples live in a subfolder and are instances, not definitions.
            IncludeSubDirectories = false,
            Masks = ["*.json"],
            ExcludeSummariesForUnknownArtifacts = true,
        });
        var generator = new SnapshotGenerator(new MultiResolver(package, new CopyingResolver(core)), SnapshotGeneratorSettings.CreateDefault());
        // Core first: a SnapshotSource regenerates the snapshot of every definition it hands out that its generator did
        // not make, core ones included, which is wasted work (the core ships complete snapshots) and, as the generator is
        // not thread-safe, made concurrent first validations fail. Ours are all resolved (and generated) below, one at a
        // time, before the catalog is handed out. The core comes as this catalog's own copies: Firely's schema compiler
        // corrects known errors in core definitions in place, and the originals are shared by every catalog.
        var resolver = new CachedResolver(new MultiResolver(new CopyingResolver(core), new SnapshotSource(generator)), CacheForever);

        var errors = new List<string>();
        var resources = new List<Resource>();
        foreach (var (url, file) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Resolving a definition without snapshot makes the SnapshotSource generate it, so Outcome is this one's.
            var result = await resolver.TryResolveByCanonicalUriAsync(url).ConfigureAwait(false);
            var fileName = Path.GetFileName(file);
            if (result.Value is not { } resolved)
            {
                errors.Add($"{fileName}: '{url}' cannot be resolved from the package folder: {result.Error?.Message}");
                continue;
            }

            if (resolved is StructureDefinition sd)
            {
                ReportSnapshotOutcome(fileName, generator.Outcome, errors);
                await CheckProfileAsync(fileName, sd, resolver, canonicalBase, errors).ConfigureAwait(false);
            }

            resources.Add(resolved);
        }

        // Expand our value sets once, up front: this checks them and spares every validation the work.
        var expander = new ValueSetExpander(new ValueSetExpanderSettings { ValueSetSource = resolver });
        foreach (var vs in resources.OfType<ValueSet>())
        {
            try
            {
                if (!vs.HasExpansion)
                {
                    await expander.ExpandAsync(vs).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is TerminologyServiceException or NotSupportedException or InvalidOperationException)
            {
                errors.Add($"{Path.GetFileName(files[vs.Url ?? ""])}: ValueSet '{vs.Url}' cannot be expanded: {ex.Message}");
            }
        }

        foreach (var required in ProfileCanonicals.All)
        {
            if (!files.ContainsKey(required))
            {
                errors.Add($"The package has no StructureDefinition '{required}', which the gateway validates against.");
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfilePackageException(
                $"The FHIR profile package in '{directory}' is broken:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }

        return new ProfileCatalog(directory, name, version, resolver, resources, stopwatch.Elapsed);
    }

    private static (string Name, string Version, string Canonical) ReadManifest(string directory)
    {
        var path = Path.Combine(directory, PackageManifest);
        if (!File.Exists(path))
        {
            throw new ProfilePackageException($"The FHIR profile package in '{directory}' has no {PackageManifest}.");
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            var root = json.RootElement;
            var name = root.GetProperty("name").GetString();
            var version = root.GetProperty("version").GetString();
            var canonical = root.GetProperty("canonical").GetString();
            var fhirVersions = root.GetProperty("fhirVersions").EnumerateArray().Select(v => v.GetString()).ToList();
            if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version) || string.IsNullOrEmpty(canonical))
            {
                throw new ProfilePackageException($"{PackageManifest}: name, version and canonical must be set.");
            }

            if (!fhirVersions.Contains("4.0.1"))
            {
                throw new ProfilePackageException($"{PackageManifest}: fhirVersions must contain 4.0.1 (FHIR R4).");
            }

            return (name, version, canonical.TrimEnd('/'));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ProfilePackageException($"{PackageManifest} in '{directory}' is not a valid package manifest: {ex.Message}", ex);
        }
    }

    // Parses every top-level *.json once, so that a broken file is reported by name rather than silently skipped.
    private static Dictionary<string, string> ReadConformanceFiles(string directory, string canonicalBase)
    {
        var deserializer = new FhirJsonDeserializer();
        var byUrl = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            if (fileName == PackageManifest)
            {
                continue;
            }

            Resource resource;
            try
            {
                resource = deserializer.DeserializeResource(File.ReadAllText(file));
            }
            catch (Exception ex) when (ex is DeserializationFailedException or JsonException)
            {
                errors.Add($"{fileName}: not valid FHIR JSON: {ex.Message}");
                continue;
            }

            if (resource is not (StructureDefinition or CodeSystem or ValueSet))
            {
                errors.Add($"{fileName}: a {resource.TypeName} does not belong in the package root (examples go in '{ExamplesFolder}/').");
                continue;
            }

            var url = ((IVersionableConformanceResource)resource).Url;
            if (string.IsNullOrEmpty(resource.Id) || string.IsNullOrEmpty(url))
            {
                errors.Add($"{fileName}: id and url are required.");
            }
            else if (!url.StartsWith(canonicalBase + "/", StringComparison.Ordinal))
            {
                errors.Add($"{fileName}: url '{url}' is outside the package canonical '{canonicalBase}'.");
            }
            else if (!url.EndsWith("/" + resource.TypeName + "/" + resource.Id, StringComparison.Ordinal))
            {
                errors.Add($"{fileName}: url '{url}' does not end with {resource.TypeName}/{resource.Id}.");
            }
            else if (!byUrl.TryAdd(url, file))
            {
                errors.Add($"{fileName}: url '{url}' is also defined in {Path.GetFileName(byUrl[url])}.");
            }

            if (resource is StructureDefinition { Snapshot: not null })
            {
                errors.Add($"{fileName}: profiles are kept as differentials; remove the snapshot.");
            }
        }

        if (errors.Count > 0)
        {
            throw new ProfilePackageException(
                $"The FHIR profile package in '{directory}' is broken:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors));
        }

        return byUrl;
    }

    private static void ReportSnapshotOutcome(string fileName, OperationOutcome? outcome, List<string> errors)
    {
        if (outcome is null)
        {
            return;
        }

        foreach (var issue in outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal))
        {
            var where = string.Join(", ", issue.Location.Concat(issue.Expression));
            errors.Add($"{fileName}: snapshot generation: {issue.Details?.Text ?? issue.Diagnostics}{(where.Length > 0 ? $" (at {where})" : "")}");
        }
    }

    // Every type, profile, value set and invariant a profile names must resolve or compile, or validation would
    // fail (or silently pass) at run time instead of at start.
    private static async System.Threading.Tasks.Task CheckProfileAsync(
        string fileName, StructureDefinition sd, IAsyncResourceResolver resolver, string canonicalBase, List<string> errors)
    {
        if (sd.Snapshot is null || sd.Snapshot.Element.Count == 0)
        {
            errors.Add($"{fileName}: no snapshot could be generated.");
            return;
        }

        var snapshotIds = sd.Snapshot.Element.Select(e => e.ElementId).ToHashSet(StringComparer.Ordinal);
        foreach (var element in sd.Differential?.Element ?? [])
        {
            if (element.ElementId is { } id && !snapshotIds.Contains(id))
            {
                errors.Add($"{fileName}: differential element '{id}' does not appear in the snapshot (wrong path or slice name?).");
            }
        }

        var compiler = new FhirPathCompiler();
        var checkedCanonicals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in sd.Snapshot.Element)
        {
            // The generator copies an element with a misspelt path into the snapshot as is, without a type.
            if (element.Type.Count == 0 && element.ContentReference is null && element.Path?.Contains('.', StringComparison.Ordinal) == true)
            {
                errors.Add($"{fileName}: element '{element.ElementId}' does not exist in {sd.Type} (wrong path?).");
            }

            foreach (var type in element.Type)
            {
                // FHIRPath system types (primitive values) are not StructureDefinitions.
                if (type.Code is { } code && !code.StartsWith("http://hl7.org/fhirpath/", StringComparison.Ordinal))
                {
                    await CheckResolvesAsync(ModelInfo.CanonicalUriForFhirCoreType(code)?.Value, "type").ConfigureAwait(false);
                }

                foreach (var profile in type.Profile.Concat(type.TargetProfile))
                {
                    await CheckResolvesAsync(profile, "profile").ConfigureAwait(false);
                }

                // Document validation checks references against stand-ins of their targets, which can only show the
                // target's type (see DocumentValidation); a target profile narrower than a core type needs more.
                foreach (var target in type.TargetProfile.OfType<string>())
                {
                    if (!target.StartsWith(CoreTypePrefix, StringComparison.Ordinal) || !ModelInfo.IsKnownResource(target[CoreTypePrefix.Length..]))
                    {
                        errors.Add($"{fileName}: element '{element.ElementId}' names target profile '{target}'; the gateway supports core resource types as reference targets.");
                    }
                }
            }

            // Core bindings are Firely's concern; ours must resolve.
            if (element.Binding?.ValueSet is { } valueSet && valueSet.StartsWith(canonicalBase, StringComparison.Ordinal))
            {
                await CheckResolvesAsync(valueSet, "value set").ConfigureAwait(false);
            }

            foreach (var constraint in element.Constraint.Where(c => c.Key?.StartsWith("jg-", StringComparison.Ordinal) == true))
            {
                try
                {
                    compiler.Compile(constraint.Expression);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The compiler throws several exception types for syntax and unknown functions alike.
                    errors.Add($"{fileName}: invariant {constraint.Key} on {element.ElementId} does not compile: {ex.Message}");
                }
            }
        }

        async System.Threading.Tasks.Task CheckResolvesAsync(string? canonical, string what)
        {
            if (string.IsNullOrEmpty(canonical))
            {
                return;
            }

            var plain = canonical.Split('|')[0];
            if (checkedCanonicals.Add(plain) && !(await resolver.TryResolveByCanonicalUriAsync(plain).ConfigureAwait(false)).Success)
            {
                errors.Add($"{fileName}: {what} '{plain}' cannot be resolved.");
            }
        }
    }
}
