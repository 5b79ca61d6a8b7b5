using System.ComponentModel.DataAnnotations;

namespace RegionalStore;

/// <summary>Settings of the regional store, section <c>RegionalStore</c>.</summary>
public sealed class RegionalStoreOptions
{
    public const string SectionName = "RegionalStore";

    /// <summary>The SQLite file; a relative path is resolved against the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/regional-store.db";

    /// <summary>Writes the development notes into an empty database at start.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Seed of the fault injector's random numbers; unset means unpredictable.</summary>
    public int? FaultSeed { get; set; }
}
