using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Core.References;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.References;

/// <summary>
/// A SoL/LSS reference as a FHIR DocumentReference: which municipal record exists (masterIdentifier), of which service,
/// held by whom. Its content never crosses the gateway: attachment data or url is refused.
/// </summary>
public static class SolReferenceMapping
{
    public const string SolService = FhirSystems.Canonical + "/CodeSystem/sol-service";

    public static SolReference ToDomain(DocumentReference document, HsaId fallbackUnit)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        void Problem(string message, string path) => issues.Add(FhirProblem.Issue(ProblemKind.Unprocessable, message, $"DocumentReference.{path}"));

        for (var i = 0; i < document.Content.Count; i++)
        {
            var attachment = document.Content[i].Attachment;
            if (attachment?.Data is not null || attachment?.Url is not null)
            {
                Problem("SoL and LSS content stays in the municipality: a reference carries no attachment data or url.", $"content[{i}].attachment");
            }
        }

        var basis = document.Category.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == FhirSystems.DocumentationBasis)?.Code;
        if (basis is not ("SoL" or "LSS"))
        {
            Problem("category must be SoL or LSS (documentation-basis): only social care references are posted here.", "category");
        }

        var service = document.Type?.Coding.FirstOrDefault(c => c.System == SolService)?.Code;
        if (service is null)
        {
            Problem($"type needs a coding from {SolService}.", "type");
        }

        var recordId = document.MasterIdentifier?.Value;
        if (string.IsNullOrWhiteSpace(recordId))
        {
            Problem("masterIdentifier (the municipal record id) is required.", "masterIdentifier");
        }

        var custodian = document.Custodian?.Identifier is { System: FhirSystems.HsaId, Value: { Length: > 0 } custodianId } ? custodianId : null;
        if (custodian is null)
        {
            Problem("custodian must name the care provider by HSA-id.", "custodian");
        }

        if (!DateTimeOffset.TryParse(document.Date?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Problem("date is required.", "date");
        }

        PatientIdentifier? patient = null;
        try
        {
            patient = NoteMapping.ToPatientIdentifier(document.Subject?.Identifier?.System, document.Subject?.Identifier?.Value, "DocumentReference.subject.identifier");
        }
        catch (FhirProblem problem)
        {
            issues.AddRange(problem.Issues);
        }

        if (issues.Count > 0)
        {
            throw new FhirProblem(ProblemKind.Unprocessable, issues);
        }

        var author = document.Author.FirstOrDefault(a => a.Type != "Organization" && a.Identifier?.System == FhirSystems.HsaId);
        var unit = document.Author.FirstOrDefault(a => a.Type == "Organization" && a.Identifier?.System == FhirSystems.HsaId);
        return new SolReference
        {
            ExternalId = $"{document.MasterIdentifier!.System}|{recordId}",
            Patient = patient!,
            CareProvider = new HsaId(custodian!),
            CareUnit = unit?.Identifier?.Value is { } unitId ? new HsaId(unitId) : fallbackUnit,
            Basis = basis!,
            ServiceType = service!,
            MunicipalRecordId = recordId!,
            Title = document.Content.FirstOrDefault()?.Attachment?.Title,
            Date = date,
            Author = author?.Identifier?.Value is { } authorId ? new NoteAuthor(new HsaId(authorId), author.Display) : null,
        };
    }

    public static DocumentReference ToFhir(string id, RecordedSolReference recorded)
    {
        var reference = recorded.Reference;
        var bar = reference.ExternalId.IndexOf('|', StringComparison.Ordinal);
        var document = new DocumentReference
        {
            Id = id,
            Meta = new Meta { VersionId = "1", LastUpdated = recorded.RecordedAt },
            Status = DocumentReferenceStatus.Current,
            MasterIdentifier = new Identifier(bar > 0 ? reference.ExternalId[..bar] : null, reference.MunicipalRecordId),
            Type = new CodeableConcept(SolService, reference.ServiceType),
            Category = [new CodeableConcept(FhirSystems.DocumentationBasis, reference.Basis)],
            Subject = new ResourceReference
            {
                Type = "Patient",
                Identifier = new Identifier(NoteMapping.SystemOf(reference.Patient.Kind), reference.Patient.Value),
            },
            Date = reference.Date,
            Custodian = new ResourceReference { Type = "Organization", Identifier = new Identifier(FhirSystems.HsaId, reference.CareProvider.Value) },
            Author = [new ResourceReference { Type = "Organization", Identifier = new Identifier(FhirSystems.HsaId, reference.CareUnit.Value) }],
            Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { Title = reference.Title ?? reference.ServiceType } }],
        };
        if (reference.Author is { } author)
        {
            document.Author.Insert(0, new ResourceReference { Type = "Practitioner", Identifier = new Identifier(FhirSystems.HsaId, author.HsaId.Value), Display = author.Name });
        }

        return document;
    }
}
