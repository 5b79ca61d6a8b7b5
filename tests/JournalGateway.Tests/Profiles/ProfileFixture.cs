using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>One catalog and pool for all profile tests: loading the core spec and generating snapshots takes seconds.</summary>
public sealed class ProfileFixture : IAsyncLifetime
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    public ProfileCatalog Catalog { get; private set; } = null!;

    public FhirValidatorPool Pool { get; private set; } = null!;

    /// <summary>The package as copied into the test output by the host project.</summary>
    public static string PackageDirectory => Path.Combine(AppContext.BaseDirectory, "fhir-profiles");

    public static string ExamplesDirectory => Path.Combine(PackageDirectory, ProfileCatalog.ExamplesFolder);

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        Catalog = await ProfileCatalog.LoadAsync(PackageDirectory);
        Pool = new FhirValidatorPool(Catalog, size: 2);
    }

    public System.Threading.Tasks.Task DisposeAsync()
    {
        Pool.Dispose();
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public static T Example<T>(string fileName)
        where T : Resource =>
        (T)Deserializer.DeserializeResource(File.ReadAllText(Path.Combine(ExamplesDirectory, fileName)));

    public static Resource Parse(string json) => Deserializer.DeserializeResource(json);
}

[CollectionDefinition(Name)]
public sealed class ProfileCollection : ICollectionFixture<ProfileFixture>
{
    public const string Name = "FHIR profiles";
}
