using Hl7.Fhir.Serialization;
using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>
/// Document Bundles are validated entry by entry with stand-ins for the other entries, and entry results are cached
/// (<see cref="DocumentValidation"/>): the outcome must be what Firely gives for the whole Bundle at once.
/// </summary>
[Collection(ProfileCollection.Name)]
public class DocumentValidationTests(ProfileFixture fixture)
{
    [Fact]
    public async System.Threading.Tasks.Task Reference_to_the_wrong_type_of_entry_is_an_error_even_when_the_entry_was_cached()
    {
        var good = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        Assert.Empty((await fixture.Pool.ValidateAsync(good)).Errors());

        // The practitioner role now points at the patient: same role content as cached, different target type.
        var bad = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        var role = bad.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single();
        var patientEntry = bad.Entry.FindIndex(e => e.Resource is Patient);
        role.Practitioner!.Reference = bad.Entry[patientEntry].FullUrl;

        var outcome = await fixture.Pool.ValidateAsync(bad);

        outcome.AssertError($"Bundle.entry[{patientEntry}].resource", DocumentValidation.WrongTargetTypeMessage);
    }

    [Fact]
    public async System.Threading.Tasks.Task Wrong_target_type_is_reported_when_the_document_comes_with_new_fullUrls()
    {
        Assert.Empty((await fixture.Pool.ValidateAsync(WithNewFullUrls(ProfileFixture.Example<Bundle>("hsl-note-document.json")))).Errors());

        var bad = WithNewFullUrls(ProfileFixture.Example<Bundle>("hsl-note-document.json"));
        var patientEntry = bad.Entry.FindIndex(e => e.Resource is Patient);
        bad.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single().Practitioner!.Reference = bad.Entry[patientEntry].FullUrl;

        var outcome = await fixture.Pool.ValidateAsync(bad);

        outcome.AssertError($"Bundle.entry[{patientEntry}].resource", DocumentValidation.WrongTargetTypeMessage);
    }

    [Fact]
    public async System.Threading.Tasks.Task Outcome_matches_whole_bundle_validation_by_firely_for_valid_and_broken_documents()
    {
        var documents = new List<Bundle> { ProfileFixture.Example<Bundle>("hsl-note-document.json") };

        var broken = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        ((Composition)broken.Entry[0].Resource!).Attester.Clear();
        // Codes against required bindings: Firely's binding check, not KnownCodeBindingValidator's shortcut, must speak.
        ((Composition)broken.Entry[0].Resource!).Section[1].Code!.Coding[0].Code = "inget-vips-sokord";
        ((Composition)broken.Entry[0].Resource!).Section[2].Code!.Coding.Add(new Coding("http://example.org/okant", "x"));
        ((Patient)broken.Entry[1].Resource!).Identifier.Clear();
        broken.Entry.Select(e => e.Resource).OfType<PractitionerRole>().Single().Organization!.Reference = broken.Entry[1].FullUrl;
        broken.Identifier = null;
        documents.Add(broken);
        documents.Add(WithNewFullUrls(ProfileFixture.Example<Bundle>("hsl-note-document.json")));
        documents.Add(WithNewFullUrls(broken));

        // A known keyword with another display and another system: not the content found valid before.
        var recoded = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        ((Composition)recoded.Entry[0].Resource!).Section[0].Code!.Coding[0].Display = "Fel visningstext";
        ((Composition)recoded.Entry[0].Resource!).Section[2].Code!.Coding[0].System = "http://example.org/annat-system";
        documents.Add(recoded);

        // Firely on the whole Bundle, with the same profile selection for the entries.
        var whole = FirelyBaseline.Validator(fixture.Catalog);

        foreach (var document in documents)
        {
            var expected = Summary(whole.Validate(document, ProfileCanonicals.HslNoteDocument));
            for (var round = 0; round < 2; round++)
            {
                // The second round reads the entries from the cache.
                var actual = Summary(await fixture.Pool.ValidateAsync(document));
                Assert.Equal(expected, actual);
            }
        }

        // The unknown keyword and the keyword under another system are among the errors, so the comparison covered
        // failing binding checks after the same bindings had found the example's codes valid.
        Assert.Contains(Summary(await fixture.Pool.ValidateAsync(broken)), e => e.Contains("inget-vips-sokord", StringComparison.Ordinal));
        Assert.Contains(Summary(await fixture.Pool.ValidateAsync(recoded)), e => e.Contains("annat-system", StringComparison.Ordinal));
    }

    // As writers do: every entry gets a new urn:uuid, and the references follow.
    private static Bundle WithNewFullUrls(Bundle document)
    {
        var json = new FhirJsonSerializer().SerializeToString(document);
        foreach (var fullUrl in document.Entry.Select(e => e.FullUrl!))
        {
            json = json.Replace(fullUrl, "urn:uuid:" + Guid.NewGuid(), StringComparison.Ordinal);
        }

        return (Bundle)ProfileFixture.Parse(json);
    }

    private static List<string> Summary(OperationOutcome outcome) => FirelyBaseline.Summary(outcome);
}
