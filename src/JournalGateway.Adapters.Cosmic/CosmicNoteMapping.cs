using System.Globalization;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Core.References;

namespace JournalGateway.Adapters.Cosmic;

/// <summary>The domain's notes and SoL references to and from the Cosmic-like store's model.</summary>
internal static class CosmicNoteMapping
{
    /// <summary>
    /// <see cref="HslNote.ExternalId"/> of a note written in the region itself, which has no writer's key. Empty rather
    /// than invented: it can never equal a real idempotency key, so such a note is never mistaken for one of ours.
    /// </summary>
    public const string NoExternalId = "";

    public static CosmicNoteWrite ToWrite(HslNote note, string idempotencyKey, string? supersedesRegionalId) => new(
        idempotencyKey,
        ToPatient(note.Patient),
        note.CareProvider.Value,
        note.CareUnit.Value,
        ToStaff(note.Author),
        note.NoteType,
        note.Title,
        note.EventTime,
        ToStatus(note.Status),
        note.SignedAt,
        note.Signer is null ? null : ToStaff(note.Signer),
        supersedesRegionalId,
        note.Keywords.Select(k => new CosmicKeyword(k.Code, k.Label, k.Text)).ToList());

    public static RecordedNote ToRecordedNote(CosmicNoteView view) => new(
        view.NoteId,
        view.Version,
        view.RecordedAt,
        new HslNote
        {
            ExternalId = view.ExternalId ?? NoExternalId,
            Patient = ToPatient(view.Patient),
            CareProvider = new HsaId(view.CareProviderHsaId),
            CareUnit = new HsaId(view.CareUnitHsaId),
            Author = ToAuthor(view.Author),
            NoteType = view.NoteType,
            Title = view.Title,
            EventTime = view.EventTime,
            Status = ToStatus(view.Status),
            SignedAt = view.SignedAt,
            Signer = view.Signer is null ? null : ToAuthor(view.Signer),
            Keywords = (view.Keywords ?? []).Select(k => new NoteKeyword(k.Code, k.Label, k.Text)).ToList(),
        });

    public static CosmicDocumentWrite ToWrite(SolReference reference, string idempotencyKey) => new(
        idempotencyKey,
        ToPatient(reference.Patient),
        reference.CareProvider.Value,
        reference.CareUnit.Value,
        reference.Basis,
        reference.ServiceType,
        reference.MunicipalRecordId,
        reference.SourceSystem,
        reference.Title,
        reference.Date,
        reference.Author is null ? null : ToStaff(reference.Author));

    public static RecordedSolReference ToRecordedReference(CosmicDocumentView view) => new(
        view.DocumentId,
        view.RecordedAt,
        new SolReference
        {
            ExternalId = view.ExternalId,
            Patient = ToPatient(view.Patient),
            CareProvider = new HsaId(view.CareProviderHsaId),
            CareUnit = new HsaId(view.CareUnitHsaId),
            Basis = view.Basis,
            ServiceType = view.ServiceType,
            MunicipalRecordId = view.MunicipalRecordId,
            SourceSystem = view.SourceSystem,
            Title = view.Title,
            Date = view.Date,
            Author = view.Author is null ? null : ToAuthor(view.Author),
        });

    public static string ToStatus(NoteStatus status) => status switch
    {
        NoteStatus.Unsigned => "unsigned",
        NoteStatus.Signed => "signed",
        NoteStatus.Amended => "amended",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown note status."),
    };

    public static NoteStatus ToStatus(string status) => status switch
    {
        "unsigned" => NoteStatus.Unsigned,
        "signed" => NoteStatus.Signed,
        "amended" => NoteStatus.Amended,
        _ => throw new FormatException("The store sent an unknown note status."),
    };

    public static string ToIdType(PatientIdentifierKind kind) => kind switch
    {
        PatientIdentifierKind.Personnummer => "personnummer",
        PatientIdentifierKind.Samordningsnummer => "samordningsnummer",
        PatientIdentifierKind.NationelltReservnummer => "reservnummer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown identifier kind."),
    };

    public static PatientIdentifierKind ToKind(string idType) => idType switch
    {
        "personnummer" => PatientIdentifierKind.Personnummer,
        "samordningsnummer" => PatientIdentifierKind.Samordningsnummer,
        "reservnummer" => PatientIdentifierKind.NationelltReservnummer,
        _ => throw new FormatException("The store sent an unknown patient id type."),
    };

    /// <summary>Query string of a list request: times with offset, escaped (a '+' would read as a space).</summary>
    public static string Query(DateTimeOffset? from, DateTimeOffset? to, IEnumerable<(string Name, string? Value)> filters, int page, int pageSize)
    {
        var parts = new List<string>();
        if (from is { } f)
        {
            parts.Add("from=" + Uri.EscapeDataString(f.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (to is { } t)
        {
            parts.Add("to=" + Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture)));
        }

        parts.AddRange(filters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        parts.Add(FormattableString.Invariant($"page={page}"));
        parts.Add(FormattableString.Invariant($"pageSize={pageSize}"));
        return "?" + string.Join('&', parts);
    }

    private static CosmicPatient ToPatient(PatientIdentifier patient) => new(patient.Value, ToIdType(patient.Kind));

    private static PatientIdentifier ToPatient(CosmicPatient patient) => new(ToKind(patient.IdType), patient.Id);

    private static CosmicStaff ToStaff(NoteAuthor author) => new(author.HsaId.Value, author.Name, author.Role);

    private static NoteAuthor ToAuthor(CosmicStaff staff) => new(new HsaId(staff.HsaId), staff.Name, staff.Role);
}
