using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.AccessLog;

/// <summary>What the caller did (after the FHIR restful interactions).</summary>
public enum AccessAction
{
    /// <summary>Read the current version of a resource.</summary>
    Read,

    /// <summary>Read one version of a resource.</summary>
    VRead,

    /// <summary>Read the version history of a resource.</summary>
    History,

    /// <summary>Searched a patient's data.</summary>
    Search,

    /// <summary>Created a resource (a note, a reference, a consent or block).</summary>
    Create,

    /// <summary>Changed a resource (an amended note, a withdrawn consent).</summary>
    Update,

    /// <summary>An operation such as <c>$everything</c>.</summary>
    Operation,
}

/// <summary>How the access ended for the caller.</summary>
public enum AccessLogOutcome
{
    /// <summary>Everything asked for was returned (or written).</summary>
    Permitted,

    /// <summary>Nothing was returned: the request was refused.</summary>
    Denied,

    /// <summary>Some items were returned and some withheld.</summary>
    Partial,
}

/// <summary>
/// One access to patient data, allowed or refused (åtkomstlogg). Entries are append-only and chained by hash
/// (<see cref="AccessLogChain"/>); the store assigns <see cref="Sequence"/>, <see cref="PreviousHash"/> and
/// <see cref="Hash"/>.
/// </summary>
public sealed record AccessLogEntry
{
    /// <summary>Position in the log, from 1 without gaps; 0 before the store assigns it.</summary>
    public long Sequence { get; init; }

    /// <summary>When the access happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>What the caller did.</summary>
    public required AccessAction Action { get; init; }

    /// <summary>Permitted, denied or partial.</summary>
    public required AccessLogOutcome Outcome { get; init; }

    /// <summary>The user's HSA-id.</summary>
    public required HsaId User { get; init; }

    /// <summary>The user's display name, when the token carried one.</summary>
    public string? UserName { get; init; }

    /// <summary>The unit the user worked for in this call.</summary>
    public required HsaId CareUnit { get; init; }

    /// <summary>The provider that unit belongs to.</summary>
    public required HsaId CareProvider { get; init; }

    /// <summary>Vårdgivare or omsorgsgivare.</summary>
    public required ProviderKind ProviderKind { get; init; }

    /// <summary>Whose data; null only when the request never got as far as naming a patient.</summary>
    public PatientIdentifier? Patient { get; init; }

    /// <summary>TREAT or ETREAT.</summary>
    public required PurposeOfUse Purpose { get; init; }

    /// <summary>The reason given for nödåtkomst, decoded.</summary>
    public string? EmergencyReason { get; init; }

    /// <summary>References of what was returned or written, e.g. <c>Composition/123/_history/2</c>.</summary>
    public IReadOnlyList<string> Returned { get; init; } = [];

    /// <summary>How many resources were returned.</summary>
    public int ReturnedCount => Returned.Count;

    /// <summary>How many items the access rules withheld.</summary>
    public int WithheldCount { get; init; }

    /// <summary>The distinct reason codes of the decisions taken for this access.</summary>
    public IReadOnlyList<AccessReason> Reasons { get; init; } = [];

    /// <summary>The hash of the entry before this one (<see cref="AccessLogChain.GenesisHash"/> for the first).</summary>
    public string? PreviousHash { get; init; }

    /// <summary>SHA-256 (lower-case hex) over <see cref="PreviousHash"/> and this entry's canonical content.</summary>
    public string? Hash { get; init; }

    /// <summary>Whether nödåtkomst was asked for: these entries are followed up.</summary>
    public bool IsEmergency => Purpose == PurposeOfUse.EmergencyTreat;

    /// <summary>Keeps the patient, the user's name and the emergency reason out of any accidental log line.</summary>
    public override string ToString() => $"AccessLogEntry #{Sequence} {Action} {Outcome}";
}
