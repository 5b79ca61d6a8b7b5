using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>What kind of patient data an item is; SoL references follow stricter rules.</summary>
public enum DataItemKind
{
    /// <summary>A health care note (HSL): shared under SVOD.</summary>
    HslNote,

    /// <summary>A reference to social services documentation (SoL/LSS): readable only with a consent that covers it.</summary>
    SocialCareReference,
}

/// <summary>The facts about one item of patient data that the access rules look at.</summary>
/// <param name="CareProvider">The provider that holds the item (its custodian).</param>
/// <param name="CareUnit">The unit where it was documented.</param>
/// <param name="Time">The item's time (event time of a note), compared with a block's data period.</param>
/// <param name="Kind">HSL note or SoL reference.</param>
public sealed record DataItem(HsaId CareProvider, HsaId CareUnit, DateTimeOffset Time, DataItemKind Kind = DataItemKind.HslNote);
