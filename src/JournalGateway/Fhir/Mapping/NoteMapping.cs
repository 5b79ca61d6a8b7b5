using Hl7.Fhir.Model;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Errors;

namespace JournalGateway.Fhir.Mapping;

/// <summary>
/// Maps between FHIR (a document Bundle, or a Composition whose subject, author and custodian are logical identifier
/// references) and the domain's <see cref="HslNote"/>. Problems are collected and reported together as one 422.
/// </summary>
public static class NoteMapping
{
    /// <summary>The domain note of a document Bundle: the Composition first, then the resources it references.</summary>
    public static HslNote FromDocument(Bundle bundle, string idempotencyKey, HsaId fallbackUnit)
    {
        if (bundle.Type != Bundle.BundleType.Document)
        {
            throw FhirProblem.Invalid("Only document Bundles can be posted here (Bundle.type = document).", "Bundle.type");
        }

        if (bundle.Entry.FirstOrDefault()?.Resource is not Composition composition)
        {
            throw FhirProblem.Invalid("A document's first entry must be the Composition.", "Bundle.entry[0].resource");
        }

        var entries = bundle.Entry
            .Where(e => e.FullUrl is not null && e.Resource is not null)
            .GroupBy(e => e.FullUrl!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Resource!, StringComparer.Ordinal);
        return FromComposition(composition, idempotencyKey, fallbackUnit, "Bundle.entry[0].resource", entries);
    }

    /// <summary>The domain note of a Composition; references resolve within <paramref name="contained"/> or by identifier.</summary>
    public static HslNote FromComposition(
        Composition composition,
        string idempotencyKey,
        HsaId fallbackUnit,
        string path = "Composition",
        IReadOnlyDictionary<string, Resource>? contained = null)
    {
        var errors = new Errors(path);
        var resolver = new ReferenceResolver(contained ?? new Dictionary<string, Resource>());

        var patient = ResolvePatient(composition.Subject, resolver, errors);
        var author = ResolveAuthor(composition.Author, resolver, errors, out var authorUnit);
        var provider = ResolveOrganization(composition.Custodian, resolver, errors, "custodian", out _);
        var status = composition.Status switch
        {
            CompositionStatus.Preliminary => NoteStatus.Unsigned,
            CompositionStatus.Final => NoteStatus.Signed,
            CompositionStatus.Amended => NoteStatus.Amended,
            _ => errors.Add<NoteStatus>("status must be preliminary, final or amended.", "status"),
        };

        var noteType = composition.Type?.Coding.FirstOrDefault(c => c.System == FhirSystems.NoteType)?.Code;
        if (string.IsNullOrEmpty(noteType))
        {
            errors.Add($"type needs a coding from {FhirSystems.NoteType}.", "type");
        }

        var eventTime = ParseTime(composition.Date);
        if (eventTime is null)
        {
            errors.Add("date must be a date and time with a time zone.", "date");
        }

        if (string.IsNullOrWhiteSpace(composition.Title))
        {
            errors.Add("title is required.", "title");
        }

        var attester = composition.Attester.FirstOrDefault(a => a.Mode == Composition.CompositionAttestationMode.Legal);
        NoteAuthor? signer = null;
        DateTimeOffset? signedAt = null;
        if (attester is not null)
        {
            signer = attester.Party is null ? null : ResolveAuthor([attester.Party], resolver, new Errors("ignored"), out _);
            signedAt = ParseTime(attester.Time);
            if (signer is null)
            {
                errors.Add("The legal attester must name a Practitioner by HSA-id.", "attester");
            }
        }
        else if (status is NoteStatus.Signed or NoteStatus.Amended)
        {
            errors.Add("A final or amended note needs a legal attester (attester.mode = legal).", "attester");
        }

        var keywords = new List<NoteKeyword>();
        for (var i = 0; i < composition.Section.Count; i++)
        {
            var section = composition.Section[i];
            var code = section.Code?.Coding.FirstOrDefault(c => c.System == FhirSystems.Vips)?.Code;
            if (string.IsNullOrEmpty(code))
            {
                errors.Add($"Each section needs a VIPS code ({FhirSystems.Vips}).", $"section[{i}].code");
                continue;
            }

            var text = NarrativeText.ToPlainText(section.Text?.Div);
            if (text.Length == 0)
            {
                errors.Add("Each section needs narrative text.", $"section[{i}].text");
            }

            keywords.Add(new NoteKeyword(code, section.Title ?? code, text));
        }

        if (composition.Section.Count == 0)
        {
            errors.Add("A note needs at least one VIPS-coded section.", "section");
        }

        errors.ThrowIfAny();
        return new HslNote
        {
            ExternalId = idempotencyKey,
            Patient = patient!,
            CareProvider = provider!.Value,
            CareUnit = authorUnit ?? fallbackUnit,
            Author = author!,
            NoteType = noteType!,
            Title = composition.Title!,
            EventTime = eventTime!.Value,
            Status = status,
            SignedAt = signedAt,
            Signer = signer,
            Keywords = keywords,
        };
    }

    /// <summary>The idempotency key of an identifier: <c>system|value</c>.</summary>
    public static string? KeyOf(Identifier? identifier) =>
        string.IsNullOrWhiteSpace(identifier?.Value) ? null : $"{identifier.System}|{identifier.Value}";

    /// <summary>
    /// A Swedish patient identifier checked beyond what a profile can say (date, Luhn, samordningsnummer day + 60,
    /// reservnummer format); 422 naming the element when it is not one.
    /// </summary>
    public static PatientIdentifier ToPatientIdentifier(string? system, string? value, string expression) =>
        SwedishIdentifiers.TryParsePatient(system, value, TimeProvider.System, out var id, out var error)
            ? id!
            : throw FhirProblem.Invalid(error ?? "Not a Swedish patient identifier.", expression);

    public static string SystemOf(PatientIdentifierKind kind) => kind switch
    {
        PatientIdentifierKind.Personnummer => FhirSystems.Personnummer,
        PatientIdentifierKind.Samordningsnummer => FhirSystems.Samordningsnummer,
        _ => FhirSystems.NationelltReservnummer,
    };

    private static PatientIdentifier? ResolvePatient(ResourceReference? subject, ReferenceResolver resolver, Errors errors)
    {
        if (subject is null)
        {
            return errors.Add<PatientIdentifier?>("subject (the patient) is required.", "subject");
        }

        var identifiers = resolver.Resolve(subject) is Patient patient
            ? patient.Identifier
            : subject.Identifier is { } id ? [id] : [];
        var swedish = identifiers.FirstOrDefault(i => i.System is FhirSystems.Personnummer or FhirSystems.Samordningsnummer
            or FhirSystems.NationelltReservnummer);
        if (swedish is null)
        {
            return errors.Add<PatientIdentifier?>(
                "The patient needs a personnummer, samordningsnummer or nationellt reservnummer identifier.", "subject");
        }

        try
        {
            return ToPatientIdentifier(swedish.System, swedish.Value, "subject");
        }
        catch (FhirProblem problem)
        {
            return errors.Add<PatientIdentifier?>(problem.Message, "subject");
        }
    }

    private static NoteAuthor? ResolveAuthor(IEnumerable<ResourceReference> authors, ReferenceResolver resolver, Errors errors, out HsaId? unit)
    {
        unit = null;
        NoteAuthor? author = null;
        foreach (var reference in authors)
        {
            var resolved = resolver.Resolve(reference);
            switch (resolved)
            {
                case PractitionerRole role:
                    var practitioner = resolver.Resolve(role.Practitioner) as Practitioner;
                    var roleId = HsaOf(role.Identifier) ?? HsaOf(practitioner?.Identifier ?? []);
                    if (roleId is not null)
                    {
                        author ??= new NoteAuthor(roleId.Value, NameOf(practitioner), role.Code.FirstOrDefault()?.Text);
                    }

                    if (resolver.Resolve(role.Organization) is Organization roleUnit && HsaOf(roleUnit.Identifier) is { } roleUnitId)
                    {
                        unit ??= roleUnitId;
                    }
                    else if (role.Organization?.Identifier is { } unitIdentifier && HsaOf([unitIdentifier]) is { } byIdentifier)
                    {
                        unit ??= byIdentifier;
                    }

                    break;
                case Practitioner person when HsaOf(person.Identifier) is { } personId:
                    author ??= new NoteAuthor(personId, NameOf(person));
                    break;
                case Organization organization when HsaOf(organization.Identifier) is { } organizationId:
                    unit ??= organizationId;
                    break;
                case null when reference.Identifier is { System: FhirSystems.HsaId, Value: not null } logical:
                    if (reference.Type == "Organization")
                    {
                        unit ??= new HsaId(logical.Value!);
                    }
                    else
                    {
                        author ??= new NoteAuthor(new HsaId(logical.Value!), reference.Display);
                    }

                    break;
            }
        }

        return author ?? errors.Add<NoteAuthor?>("author must name a Practitioner or PractitionerRole by HSA-id.", "author");
    }

    private static HsaId? ResolveOrganization(ResourceReference? reference, ReferenceResolver resolver, Errors errors, string path, out Organization? organization)
    {
        organization = resolver.Resolve(reference) as Organization;
        var id = organization is not null ? HsaOf(organization.Identifier)
            : reference?.Identifier is { } logical ? HsaOf([logical]) : null;
        return id ?? errors.Add<HsaId?>($"{path} must name the care provider by HSA-id ({FhirSystems.HsaId}).", path);
    }

    private static HsaId? HsaOf(IEnumerable<Identifier> identifiers) =>
        identifiers.FirstOrDefault(i => i.System == FhirSystems.HsaId && !string.IsNullOrWhiteSpace(i.Value)) is { } id
            ? new HsaId(id.Value!)
            : null;

    private static string? NameOf(Practitioner? practitioner)
    {
        var name = practitioner?.Name.FirstOrDefault();
        if (name is null)
        {
            return null;
        }

        return name.Text ?? string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrEmpty(p)));
    }

    private static DateTimeOffset? ParseTime(string? fhirDateTime) =>
        fhirDateTime is not null && fhirDateTime.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(fhirDateTime, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var parsed)
            ? parsed
            : null;

    private sealed class ReferenceResolver(IReadOnlyDictionary<string, Resource> entries)
    {
        public Resource? Resolve(ResourceReference? reference) =>
            reference?.Reference is { } url && entries.TryGetValue(url, out var resource) ? resource : null;
    }

    private sealed class Errors(string path)
    {
        private readonly List<Hl7.Fhir.Model.OperationOutcome.IssueComponent> _issues = [];

        public void Add(string message, string element) =>
            _issues.Add(FhirProblem.Issue(ProblemKind.Unprocessable, message, $"{path}.{element}"));

        public T Add<T>(string message, string element)
        {
            Add(message, element);
            return default!;
        }

        public void ThrowIfAny()
        {
            if (_issues.Count > 0)
            {
                throw new FhirProblem(ProblemKind.Unprocessable, _issues);
            }
        }
    }
}
