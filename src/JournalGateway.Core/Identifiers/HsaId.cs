namespace JournalGateway.Core.Identifiers;

/// <summary>
/// A national HSA-id of a person, care unit or care provider, e.g. <c>SE2321000131-E000000006834</c>.
/// HSA-ids of staff and organisations are not patient data and may be logged.
/// </summary>
/// <param name="Value">The id as issued.</param>
public readonly record struct HsaId(string Value)
{
    /// <summary>The id as issued.</summary>
    public override string ToString() => Value;

    /// <summary>The organisation-number prefix (<c>SE</c> + 10 digits), shared by every id a provider issues.</summary>
    public string OrganisationPrefix => Value.Length >= 12 ? Value[..12] : Value;
}
