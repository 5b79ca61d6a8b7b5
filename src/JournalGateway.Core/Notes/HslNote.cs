using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Notes;

/// <summary>Where a note stands in its own life: written, signed by its author, or amended after signing.</summary>
public enum NoteStatus
{
    /// <summary>Written but not yet signed (FHIR <c>preliminary</c>).</summary>
    Unsigned,

    /// <summary>Signed by its legal attester (FHIR <c>final</c>).</summary>
    Signed,

    /// <summary>Changed after signing; the earlier version stays readable (FHIR <c>amended</c>).</summary>
    Amended,
}

/// <summary>A member of staff who wrote or signed a note.</summary>
/// <param name="HsaId">The person's HSA-id.</param>
/// <param name="Name">Display name, when known.</param>
/// <param name="Role">Professional role (e.g. sjuksköterska), when known.</param>
public sealed record NoteAuthor(HsaId HsaId, string? Name = null, string? Role = null);

/// <summary>One VIPS keyword (sökord) of a note and the text written under it.</summary>
/// <param name="Code">The VIPS code, e.g. <c>nutrition</c>.</param>
/// <param name="Label">The heading shown to readers, e.g. <c>Nutrition</c>.</param>
/// <param name="Text">Plain text; paragraphs separated by line breaks.</param>
public sealed record NoteKeyword(string Code, string Label, string Text);

/// <summary>
/// A health care record entry (HSL) written by licensed municipal or regional staff, in the gateway's own terms,
/// independent of FHIR and of any regional system's model.
/// </summary>
public sealed record HslNote
{
    /// <summary>The writer's stable id for this note; the idempotency key of every delivery.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Whom the note is about.</summary>
    public required PatientIdentifier Patient { get; init; }

    /// <summary>The care provider (vårdgivare) that holds the note: its custodian.</summary>
    public required HsaId CareProvider { get; init; }

    /// <summary>The care unit (vårdenhet) where it was written.</summary>
    public required HsaId CareUnit { get; init; }

    /// <summary>Who wrote it.</summary>
    public required NoteAuthor Author { get; init; }

    /// <summary>Inera care documentation type code (utr, atb, sam, sao, ins, slu, auf, sva, bes).</summary>
    public required string NoteType { get; init; }

    /// <summary>The note's heading.</summary>
    public required string Title { get; init; }

    /// <summary>When the documented care took place.</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Unsigned, signed or amended.</summary>
    public required NoteStatus Status { get; init; }

    /// <summary>When the legal attester signed, if signed.</summary>
    public DateTimeOffset? SignedAt { get; init; }

    /// <summary>Who signed, if signed.</summary>
    public NoteAuthor? Signer { get; init; }

    /// <summary>The VIPS keywords in the order written.</summary>
    public required IReadOnlyList<NoteKeyword> Keywords { get; init; }

    /// <summary>The legal basis of the documentation; HSL for notes that are shared.</summary>
    public string DocumentationBasis { get; init; } = "HSL";
}
