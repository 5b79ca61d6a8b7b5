using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Core.Notes;

namespace JournalGateway.Fhir.Mapping;

/// <summary>Renders a domain note as the Composition the gateway serves, whichever record holds it.</summary>
public static class CompositionMapping
{
    public static Composition ToComposition(string id, int version, DateTimeOffset lastUpdated, HslNote note, string deliveryStatus)
    {
        var composition = new Composition
        {
            Id = id,
            Meta = new Meta
            {
                VersionId = version.ToString(CultureInfo.InvariantCulture),
                LastUpdated = lastUpdated,
                Tag = [DeliveryTag(deliveryStatus)],
            },
            Status = note.Status switch
            {
                NoteStatus.Unsigned => CompositionStatus.Preliminary,
                NoteStatus.Amended => CompositionStatus.Amended,
                _ => CompositionStatus.Final,
            },
            Type = new CodeableConcept(FhirSystems.NoteType, note.NoteType,
                FhirSystems.NoteTypeDisplays.GetValueOrDefault(note.NoteType)),
            Category = [new CodeableConcept(FhirSystems.DocumentationBasis, note.DocumentationBasis)],
            Subject = new ResourceReference
            {
                Type = "Patient",
                Identifier = new Identifier(NoteMapping.SystemOf(note.Patient.Kind), note.Patient.Value),
            },
            Date = Format(note.EventTime),
            Author =
            [
                PersonReference(note.Author),
                new ResourceReference { Type = "Organization", Identifier = new Identifier(FhirSystems.HsaId, note.CareUnit.Value) },
            ],
            Title = note.Title,
            Custodian = new ResourceReference
            {
                Type = "Organization",
                Identifier = new Identifier(FhirSystems.HsaId, note.CareProvider.Value),
            },
            Section = [.. note.Keywords.Select(k => new Composition.SectionComponent
            {
                Title = k.Label,
                Code = new CodeableConcept(FhirSystems.Vips, k.Code),
                Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = NarrativeText.ToXhtml(k.Text) },
            })],
        };

        if (IdentifierOf(note.ExternalId) is { } identifier)
        {
            composition.Identifier = identifier;
        }

        if (note.Signer is not null)
        {
            composition.Attester =
            [
                new Composition.AttesterComponent
                {
                    Mode = Composition.CompositionAttestationMode.Legal,
                    Time = note.SignedAt is { } signedAt ? Format(signedAt) : null,
                    Party = PersonReference(note.Signer),
                },
            ];
        }

        return composition;
    }

    public static Coding DeliveryTag(string deliveryStatus) => new(FhirSystems.DeliveryStatus, deliveryStatus);

    /// <summary>Sets the delivery tag of a stored resource, replacing any earlier one.</summary>
    public static void SetDeliveryTag(Resource resource, string deliveryStatus)
    {
        resource.Meta ??= new Meta();
        resource.Meta.Tag.RemoveAll(t => t.System == FhirSystems.DeliveryStatus);
        resource.Meta.Tag.Add(DeliveryTag(deliveryStatus));
    }

    /// <summary>The identifier behind an idempotency key <c>system|value</c>.</summary>
    public static Identifier? IdentifierOf(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? new Identifier { Value = key } : new Identifier(key[..bar].Length == 0 ? null : key[..bar], key[(bar + 1)..]);
    }

    private static ResourceReference PersonReference(NoteAuthor person) => new()
    {
        Type = "Practitioner",
        Identifier = new Identifier(FhirSystems.HsaId, person.HsaId.Value),
        Display = person.Name,
    };

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
