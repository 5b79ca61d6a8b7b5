using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;

namespace JournalGateway.Tests.Profiles;

[Collection(ProfileCollection.Name)]
public class ProfileCatalogTests(ProfileFixture fixture)
{
    [Fact]
    public void Load_Package_ExposesEveryProfileWithSnapshot()
    {
        foreach (var canonical in ProfileCanonicals.All)
        {
            Assert.True(fixture.Catalog.TryGetByCanonical(canonical, out var resource), canonical);
            var sd = Assert.IsType<StructureDefinition>(resource);
            Assert.NotNull(sd.Snapshot);
            Assert.NotEmpty(sd.Snapshot.Element);
        }
    }

    [Theory]
    [InlineData("StructureDefinition", "jg-hsl-note")]
    [InlineData("CodeSystem", "vips")]
    [InlineData("CodeSystem", "documentation-basis")]
    [InlineData("CodeSystem", "sol-service")]
    [InlineData("CodeSystem", "provider-kind")]
    [InlineData("CodeSystem", "delivery-status")]
    [InlineData("ValueSet", "vips")]
    [InlineData("ValueSet", "hsl-note-type")]
    public void TryGetById_KnownResource_IsFound(string type, string id)
    {
        Assert.True(fixture.Catalog.TryGetById(type, id, out var resource));
        Assert.Equal(type, resource.TypeName);
    }

    [Fact]
    public void TryGetByCanonical_WithVersion_MatchesOnlyThatVersion()
    {
        Assert.True(fixture.Catalog.TryGetByCanonical(ProfileCanonicals.HslNote + "|0.1.0", out _));
        Assert.False(fixture.Catalog.TryGetByCanonical(ProfileCanonicals.HslNote + "|9.9.9", out _));
    }

    [Fact]
    public void ProfilesByType_Organization_HasCareUnitAndCareProvider()
    {
        var organization = fixture.Catalog.ProfilesByType["Organization"];

        Assert.Contains(ProfileCanonicals.CareUnit, organization);
        Assert.Contains(ProfileCanonicals.CareProvider, organization);
    }

    [Fact]
    public void Package_VipsValueSet_IsExpandedWithEveryKeyword()
    {
        Assert.True(fixture.Catalog.TryGetById("ValueSet", "vips", out var resource));
        var codes = ((ValueSet)resource).Expansion!.Contains.Select(c => c.Code).ToList();

        Assert.Contains("nutrition", codes);
        Assert.Contains("kunskap-utveckling", codes);
        Assert.Equal(20, codes.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task LoadAsync_MissingFolder_NamesTheSetting()
    {
        var ex = await Assert.ThrowsAsync<ProfilePackageException>(
            () => ProfileCatalog.LoadAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

        Assert.Contains("Fhir:ProfilesPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task LoadAsync_BrokenProfile_StopsWithTheFileName()
    {
        using var package = TemporaryPackage.CopyOf(ProfileFixture.PackageDirectory);
        var file = Path.Combine(package.Path, "StructureDefinition-jg-hsl-note.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"Composition.section.code\"", "\"Composition.section.kode\"", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<ProfilePackageException>(() => ProfileCatalog.LoadAsync(package.Path));

        Assert.Contains("StructureDefinition-jg-hsl-note.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task LoadAsync_BrokenInvariant_StopsWithTheFileName()
    {
        using var package = TemporaryPackage.CopyOf(ProfileFixture.PackageDirectory);
        var file = Path.Combine(package.Path, "StructureDefinition-jg-sol-reference.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("data.empty() and url.empty()", "data.empty( and url.empty()", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<ProfilePackageException>(() => ProfileCatalog.LoadAsync(package.Path));

        Assert.Contains("StructureDefinition-jg-sol-reference.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("jg-sol-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task LoadAsync_UnknownValueSet_StopsWithTheFileName()
    {
        using var package = TemporaryPackage.CopyOf(ProfileFixture.PackageDirectory);
        File.Delete(Path.Combine(package.Path, "ValueSet-sol-service.json"));

        var ex = await Assert.ThrowsAsync<ProfilePackageException>(() => ProfileCatalog.LoadAsync(package.Path));

        Assert.Contains("StructureDefinition-jg-sol-reference.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ValueSet/sol-service", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task LoadAsync_InvalidJson_StopsWithTheFileName()
    {
        using var package = TemporaryPackage.CopyOf(ProfileFixture.PackageDirectory);
        File.WriteAllText(Path.Combine(package.Path, "CodeSystem-vips.json"), "{ \"resourceType\": \"CodeSystem\", ");

        var ex = await Assert.ThrowsAsync<ProfilePackageException>(() => ProfileCatalog.LoadAsync(package.Path));

        Assert.Contains("CodeSystem-vips.json", ex.Message, StringComparison.Ordinal);
    }

    private sealed class TemporaryPackage : IDisposable
    {
        private TemporaryPackage(string path) => Path = path;

        public string Path { get; }

        public static TemporaryPackage CopyOf(string source)
        {
            var target = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jg-profiles-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
            }

            return new TemporaryPackage(target);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
