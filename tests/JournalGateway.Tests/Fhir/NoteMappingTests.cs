using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using JournalGateway.Core.Identifiers;
using JournalGateway.Core.Notes;
using JournalGateway.Errors;
using JournalGateway.Fhir.Mapping;
using JournalGateway.Tests.Support;

namespace JournalGateway.Tests.Fhir;

public sealed class NoteMappingTests
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings());
    private static readonly HsaId FallbackUnit = new("SE2120002080-E999");

    [Fact]
    public void FromDocument_OfContractExample_MapsEveryPart()
    {
        var bundle = (Bundle)Parser.DeserializeResource(Examples.Document().ToJsonString());

        var note = NoteMapping.FromDocument(bundle, "key-1", FallbackUnit);

        Assert.Equal(new PatientIdentifier(PatientIdentifierKind.Personnummer, "195009072553"), note.Patient);
        Assert.Equal("SE2120002080-0001", note.CareProvider.Value);
        Assert.Equal("SE2120002080-E001", note.CareUnit.Value);
        Assert.Equal("SE2120002080-P001", note.Author.HsaId.Value);
        Assert.Equal("Sara Sjuksköterska", note.Author.Name);
        Assert.Equal("bes", note.NoteType);
        Assert.Equal(NoteStatus.Signed, note.Status);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T14:05:00+01:00", System.Globalization.CultureInfo.InvariantCulture), note.EventTime);
        Assert.Equal(note.EventTime, note.SignedAt);
        Assert.Equal("SE2120002080-P001", note.Signer!.HsaId.Value);
        Assert.Equal(["andning-cirkulation", "nutrition", "atgard"], note.Keywords.Select(k => k.Code));
        Assert.Equal("Äter halva portioner, dricker bra.", note.Keywords[1].Text);
        Assert.Equal("Nutrition", note.Keywords[1].Label);
    }

    [Fact]
    public void DomainToCompositionAndBack_KeepsTheNote()
    {
        var bundle = (Bundle)Parser.DeserializeResource(Examples.Document().ToJsonString());
        var note = NoteMapping.FromDocument(bundle, "urn:ietf:rfc:3986|urn:uuid:1", FallbackUnit);

        var composition = CompositionMapping.ToComposition("abc", 2, note.EventTime, note, "delivered");
        var again = NoteMapping.FromComposition(composition, note.ExternalId, FallbackUnit);

        Assert.Equal(note with { Keywords = [] }, again with { Keywords = [] });
        Assert.Equal(note.Keywords, again.Keywords);
        Assert.Equal("urn:uuid:1", composition.Identifier!.Value);
        Assert.Equal("2", composition.Meta!.VersionId);
        Assert.Equal("delivered", composition.Meta.Tag.Single().Code);
    }

    [Fact]
    public void FromComposition_WithLegalAttesterMissingOnFinalNote_Reports422()
    {
        var composition = (Composition)Parser.DeserializeResource(Examples.Composition().ToJsonString());
        composition.Attester.Clear();

        var problem = Assert.Throws<FhirProblem>(() => NoteMapping.FromComposition(composition, "k", FallbackUnit));

        Assert.Equal(ProblemKind.Unprocessable, problem.Kind);
        Assert.Contains(problem.Issues, i => i.Expression.Contains("Composition.attester"));
    }

    [Fact]
    public void Narrative_PlainTextRoundTrip_KeepsParagraphsAndEscapes()
    {
        var text = "Rad ett <viktigt> & klart\nRad två";

        var xhtml = NarrativeText.ToXhtml(text);

        Assert.Equal(text, NarrativeText.ToPlainText(xhtml));
        Assert.Contains("&lt;viktigt&gt;", xhtml, StringComparison.Ordinal);
    }
}
