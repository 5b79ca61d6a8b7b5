using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;

namespace JournalGateway.Core.References;

/// <summary>
/// A reference to social services documentation (SoL or LSS) kept in a municipal system. Only the reference crosses
/// the gateway: what kind of service, which record, where and when; never the documentation's content.
/// </summary>
public sealed record SolReference
{
    /// <summary>The writer's stable id for this reference; the idempotency key of every delivery.</summary>
    public required string ExternalId { get; init; }

    /// <summary>Whom the documentation is about.</summary>
    public required PatientIdentifier Patient { get; init; }

    /// <summary>The care-giver (omsorgsgivare) that holds the documentation.</summary>
    public required HsaId CareProvider { get; init; }

    /// <summary>The unit that holds it.</summary>
    public required HsaId CareUnit { get; init; }

    /// <summary>The law the documentation is kept under: <c>SoL</c> or <c>LSS</c>.</summary>
    public required string Basis { get; init; }

    /// <summary>The service (sol-service code): hemtjanst, sarskilt-boende, dagverksamhet, korttidsboende, lss-insats.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The id of the record in the municipal system, for a reader to ask the municipality about.</summary>
    public required string MunicipalRecordId { get; init; }

    /// <summary>The municipal system that holds the record (e.g. Treserva), when known.</summary>
    public string? SourceSystem { get; init; }

    /// <summary>A heading that says what the record is, without its content.</summary>
    public string? Title { get; init; }

    /// <summary>When the referenced documentation was written.</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>Who wrote it, when known.</summary>
    public NoteAuthor? Author { get; init; }
}

/// <summary>A reference as a record holds it.</summary>
/// <param name="RegionalId">The holding record's id of the reference.</param>
/// <param name="RecordedAt">When it was recorded there.</param>
/// <param name="Reference">The reference itself.</param>
public sealed record RecordedSolReference(string RegionalId, DateTimeOffset RecordedAt, SolReference Reference);

/// <summary>Filters for a search of one patient's SoL/LSS references.</summary>
public sealed record SolReferenceQuery
{
    /// <summary>The patient whose references are wanted.</summary>
    public required PatientIdentifier Patient { get; init; }

    /// <summary>Earliest date, inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest date, exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only references held by this care-giver.</summary>
    public string? CareProvider { get; init; }
}
