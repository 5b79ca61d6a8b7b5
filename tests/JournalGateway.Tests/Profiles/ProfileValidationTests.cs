using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

[Collection(ProfileCollection.Name)]
public class ProfileValidationTests(ProfileFixture fixture)
{
    public static TheoryData<string> Examples() =>
        new(Directory.EnumerateFiles(ProfileFixture.ExamplesDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public async System.Threading.Tasks.Task ValidateAsync_PackageExample_HasNoErrors(string fileName)
    {
        var example = ProfileFixture.Example<Resource>(fileName);

        var outcome = await fixture.Pool.ValidateAsync(example);

        Assert.True(outcome.Errors().Count == 0, $"{fileName}:{Environment.NewLine}{outcome.Issue.Describe()}");
    }

    [Theory]
    [InlineData("hsl-note-document.json", ProfileCanonicals.HslNoteDocument)]
    [InlineData("hsl-note-composition.json", ProfileCanonicals.HslNote)]
    [InlineData("consent-samtycke.json", ProfileCanonicals.Consent)]
    [InlineData("consent-sparr.json", ProfileCanonicals.Consent)]
    [InlineData("sol-reference.json", ProfileCanonicals.SolReference)]
    [InlineData("patient.json", ProfileCanonicals.Patient)]
    [InlineData("practitioner.json", ProfileCanonicals.Practitioner)]
    [InlineData("practitioner-role.json", ProfileCanonicals.PractitionerRole)]
    [InlineData("care-unit.json", ProfileCanonicals.CareUnit)]
    [InlineData("care-provider.json", ProfileCanonicals.CareProvider)]
    [InlineData("access-log-entry.json", ProfileCanonicals.AccessLogEntry)]
    public void ProfileFor_Example_PicksItsProfile(string fileName, string expected) =>
        Assert.Equal(expected, ProfileSelection.ProfileFor(ProfileFixture.Example<Resource>(fileName)));

    [Fact]
    public void ProfileFor_CollectionBundle_HasNoProfileOfOurs() =>
        Assert.Null(ProfileSelection.ProfileFor(new Bundle { Type = Bundle.BundleType.Collection }));

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_FinalCompositionWithoutLegalAttester_FailsInvariant()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Attester.Clear();

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition", "jg-note-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PreliminaryCompositionWithoutAttester_IsValid()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Status = CompositionStatus.Preliminary;
        note.Attester.Clear();

        var outcome = await fixture.Pool.ValidateAsync(note);

        Assert.Empty(outcome.Errors());
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_UnknownVipsCode_FailsBindingAtTheSection()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Section[1].Code!.Coding[0].Code = "kost";

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition.section[1].code");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_CompositionWithoutSection_FailsCardinality()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Section.Clear();

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition");
        Assert.Contains(outcome.Errors(), i => (i.Details?.Text ?? i.Diagnostics ?? "").Contains("section", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_SectionWithoutText_FailsCardinality()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Section[0].Text = null;

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition.section[0]");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_WrongNoteTypeCode_FailsBinding()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Type.Coding[0].Code = "xyz";
        note.Type.Coding[0].Display = null;

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition.type");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_SocialCareCategoryOnHslNote_FailsPattern()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Category[0].Coding[0].Code = "SoL";

        var outcome = await fixture.Pool.ValidateAsync(note);

        outcome.AssertError("Composition.category[0]");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentReferenceWithAttachmentUrl_FailsInvariant()
    {
        var reference = ProfileFixture.Example<DocumentReference>("sol-reference.json");
        reference.Content[0].Attachment.Url = "https://kommun.example/treserva/beslut/4711";

        var outcome = await fixture.Pool.ValidateAsync(reference);

        outcome.AssertError("DocumentReference", "jg-sol-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentReferenceWithAttachmentData_FailsInvariant()
    {
        var reference = ProfileFixture.Example<DocumentReference>("sol-reference.json");
        reference.Content[0].Attachment.Data = "aGVq"u8.ToArray();

        var outcome = await fixture.Pool.ValidateAsync(reference);

        outcome.AssertError("DocumentReference", "jg-sol-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_HslCategoryOnSolReference_FailsBinding()
    {
        var reference = ProfileFixture.Example<DocumentReference>("sol-reference.json");
        reference.Category[0].Coding[0].Code = "HSL";

        var outcome = await fixture.Pool.ValidateAsync(reference);

        outcome.AssertError("DocumentReference.category[0]");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PatientWithoutIdentifier_Fails()
    {
        var patient = ProfileFixture.Example<Patient>("patient.json");
        patient.Identifier.Clear();

        var outcome = await fixture.Pool.ValidateAsync(patient);

        outcome.AssertError("Patient");
        Assert.Contains(outcome.Errors(), i => (i.Details?.Text ?? i.Diagnostics ?? "").Contains("jg-pat-1", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PatientWithOnlyForeignIdentifier_Fails()
    {
        var patient = ProfileFixture.Example<Patient>("patient.json");
        patient.Identifier[0].System = "urn:oid:1.2.3.4";

        var outcome = await fixture.Pool.ValidateAsync(patient);

        outcome.AssertError("Patient", "jg-pat-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PersonnummerWithSeparator_FailsFormat()
    {
        var patient = ProfileFixture.Example<Patient>("patient.json");
        patient.Identifier[0].Value = "19500907-2553";

        var outcome = await fixture.Pool.ValidateAsync(patient);

        outcome.AssertError("Patient.identifier[0]", "jg-pnr-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PractitionerWithBadHsaId_Fails()
    {
        var practitioner = ProfileFixture.Example<Practitioner>("practitioner.json");
        practitioner.Identifier[0].Value = "SE2120002080-Pö01";

        var outcome = await fixture.Pool.ValidateAsync(practitioner);

        outcome.AssertError("Practitioner.identifier[0]", "jg-hsa-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_PractitionerWithoutHsaId_Fails()
    {
        var practitioner = ProfileFixture.Example<Practitioner>("practitioner.json");
        practitioner.Identifier[0].System = "urn:oid:2.5.4.97";

        var outcome = await fixture.Pool.ValidateAsync(practitioner);

        outcome.AssertError("Practitioner");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_SparrWithReaderRole_FailsInvariant()
    {
        var consent = ProfileFixture.Example<Consent>("consent-sparr.json");
        consent.Provision!.Actor[0].Role!.Coding[0].Code = "IRCP";

        var outcome = await fixture.Pool.ValidateAsync(consent);

        outcome.AssertError("Consent", "jg-con-2");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_MetaProfileOfSomethingElse_IsIgnored()
    {
        var patient = ProfileFixture.Example<Patient>("patient.json");
        patient.Meta = new Meta { Profile = ["http://example.org/StructureDefinition/unknown"] };
        patient.Identifier.Clear();

        var outcome = await fixture.Pool.ValidateAsync(patient);

        // Our profile still applies; the unknown claim is not looked up.
        outcome.AssertError("Patient", "jg-pat-1");
        Assert.DoesNotContain(outcome.Issue, i => (i.Details?.Text ?? "").Contains("example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentWithBrokenEntries_ReportsEachAtItsEntryOnce()
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        var note = (Composition)document.Entry[0].Resource!;
        note.Attester.Clear();
        ((Patient)document.Entry[1].Resource!).Identifier.Clear();

        var outcome = await fixture.Pool.ValidateAsync(document);

        outcome.AssertError("Bundle.entry[0].resource", "jg-note-1");
        outcome.AssertError("Bundle.entry[1].resource", "jg-pat-1");
        Assert.Single(outcome.Errors(), i => (i.Details?.Text ?? i.Diagnostics ?? "").Contains("jg-pat-1", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentWithCareUnitMissingHsaId_ValidatesEntryAsCareUnit()
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        var unit = document.Entry.Select(e => e.Resource).OfType<Organization>().Single(o => o.PartOf is not null);
        unit.Identifier[0].Value = "E001";

        var outcome = await fixture.Pool.ValidateAsync(document);

        outcome.AssertError("Bundle.entry[4].resource", "jg-hsa-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentEntryClaimingAnotherProfile_IsStillValidatedAgainstOurs()
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        var patient = (Patient)document.Entry[1].Resource!;
        patient.Meta = new Meta { Profile = ["http://example.org/StructureDefinition/lenient-patient"] };
        patient.Identifier.Clear();

        var outcome = await fixture.Pool.ValidateAsync(document);

        outcome.AssertError("Bundle.entry[1].resource", "jg-pat-1");
        Assert.DoesNotContain(outcome.Issue, i => (i.Details?.Text ?? "").Contains("example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentWithoutIdentifier_Fails()
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        document.Identifier = null;

        var outcome = await fixture.Pool.ValidateAsync(document);

        outcome.AssertError("Bundle");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_DocumentWithPatientFirst_Fails()
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        (document.Entry[0], document.Entry[1]) = (document.Entry[1], document.Entry[0]);

        var outcome = await fixture.Pool.ValidateAsync(document);

        outcome.AssertError("Bundle", "jg-doc-1");
    }

    [Fact]
    public async System.Threading.Tasks.Task ValidateAsync_ManyInParallel_AllAgree()
    {
        var tasks = Enumerable.Range(0, 16).Select(async i =>
        {
            var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
            if (i % 2 == 0)
            {
                note.Attester.Clear();
            }

            return (i, outcome: await fixture.Pool.ValidateAsync(note));
        });

        foreach (var (i, outcome) in await System.Threading.Tasks.Task.WhenAll(tasks))
        {
            Assert.Equal(i % 2 == 0, outcome.Errors().Count > 0);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Issues_AllCarryAnExpression()
    {
        var note = ProfileFixture.Example<Composition>("hsl-note-composition.json");
        note.Attester.Clear();
        note.Section[0].Code!.Coding[0].Code = "kost";

        var outcome = await fixture.Pool.ValidateAsync(note);

        Assert.NotEmpty(outcome.Errors());
        Assert.All(outcome.Errors(), i => Assert.NotEmpty(i.Expression));
    }
}
