using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>Everything the access decision for one item of patient data depends on.</summary>
public sealed record AccessRequest
{
    /// <summary>Who reads.</summary>
    public required AccessCaller Caller { get; init; }

    /// <summary>Why (TREAT or ETREAT with a reason).</summary>
    public required AccessPurpose Purpose { get; init; }

    /// <summary>Whose data.</summary>
    public required PatientIdentifier Patient { get; init; }

    /// <summary>The item to be shown or withheld.</summary>
    public required DataItem Item { get; init; }

    /// <summary>The patient's consents, blocks and lifts, in any status; directives of other patients are ignored.</summary>
    public required IReadOnlyCollection<ConsentDirective> Directives { get; init; }

    /// <summary>The time of the decision.</summary>
    public required DateTimeOffset Now { get; init; }
}
