using System.ComponentModel.DataAnnotations;

namespace JournalGateway.Fhir.Profiles;

/// <summary>Settings of section <c>Fhir</c> that concern the profile package and its validation.</summary>
public sealed class FhirProfilesOptions
{
    public const string SectionName = "Fhir";

    /// <summary>
    /// Folder of the FHIR package (package.json and conformance resources). Relative paths are taken from the
    /// application's base directory; the default is the copy placed in the build output.
    /// </summary>
    [Required]
    public string ProfilesPath { get; set; } = "fhir-profiles";

    /// <summary>How many validators run at once; 0 means one per processor.</summary>
    [Range(0, 1024)]
    public int ValidatorPoolSize { get; set; }

    /// <summary>Whether the examples are validated once at start so the first request does not pay for warm-up.</summary>
    public bool WarmUp { get; set; } = true;

    internal string ResolvePath() =>
        Path.IsPathRooted(ProfilesPath) ? ProfilesPath : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, ProfilesPath));
}
