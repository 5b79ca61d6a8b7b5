using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>
/// The core invariants the gateway checks in C# (<see cref="CoreInvariantShortcuts"/>) must be the ones Firely
/// compiles, and wherever one of them fails, the gateway must report what Firely reports.
/// </summary>
[Collection(ProfileCollection.Name)]
public class CoreInvariantShortcutsTests(ProfileFixture fixture)
{
    [Fact]
    public void Every_shortcut_is_for_an_invariant_firely_compiles_with_that_expression()
    {
#pragma warning disable ExperimentalApi // Firely's schema compiler
        var schemas = StructureDefinitionToElementSchemaResolver.CreatedCached(fixture.Catalog.Resolver);
        var compiled = new[] { "Bundle", "Composition", "Reference" }
            .SelectMany(type => Invariants(schemas.GetSchema(Firely.Fhir.Validation.Canonical.ForCoreType(type))!))
            .ToHashSet();
#pragma warning restore ExperimentalApi

        Assert.All(CoreInvariantShortcuts.Known, known => Assert.Contains(known, compiled));
    }

    [Fact]
    public async System.Threading.Tasks.Task Where_a_shortcut_invariant_fails_the_outcome_is_firelys()
    {
        var variants = new List<(string Name, Bundle Document)>
        {
            ("valid", Note()),
            ("request in a document (bdl-3, bdl-3a)", Note(d => d.Entry[1].Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Patient" })),
            ("response in a document (bdl-4)", Note(d => d.Entry[1].Response = new Bundle.ResponseComponent { Status = "201" })),
            ("search in a document (bdl-2)", Note(d => d.Entry[1].Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match })),
            ("total in a document (bdl-1)", Note(d => d.Total = 1)),
            ("same fullUrl twice (bdl-7)", Note(d => d.Entry[2].FullUrl = d.Entry[1].FullUrl)),
            ("versioned fullUrl (bdl-8)", Note(d => d.Entry[1].FullUrl = "http://example.org/fhir/Patient/p1/_history/1")),
            ("fullUrl with only an extension (bdl-7, bdl-8, bdl-15)", Note(d => d.Entry[1].FullUrlElement = OnlyExtension<FhirUri>())),
            ("entry without fullUrl (bdl-15)", Note(d => d.Entry[2].FullUrl = null)),
            ("empty resource (bdl-3a, bdl-5)", Note(d => d.Entry[2].Resource = new Organization())),
            ("entry without resource (bdl-5)", Note(d => d.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid() }))),
            ("no identifier system (bdl-9)", Note(d => d.Identifier!.System = null)),
            ("no timestamp (bdl-10)", Note(d => d.Timestamp = null)),
            ("Composition not first (bdl-11)", Note(d => d.Entry.Reverse())),
            ("a collection", Note(d => d.Type = Bundle.BundleType.Collection)),
            ("local reference to nothing (ref-1)", Note(d => Composition(d).Subject!.Reference = "#p1")),
            ("reference with only an extension (ref-1)", Note(d => Composition(d).Subject!.ReferenceElement = OnlyExtension<FhirString>())),
            ("section without text (cmp-1)", Note(d => Composition(d).Section[1].Text = null)),
            ("section text without div (cmp-1)", Note(d => Composition(d).Section[1].Text = new Narrative { Status = Narrative.NarrativeStatus.Generated })),
            ("empty reason next to entries (cmp-2)", Note(d =>
            {
                Composition(d).Section[0].EmptyReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/list-empty-reason", "notasked");
                Composition(d).Section[0].Entry.Add(new ResourceReference(d.Entry[1].FullUrl));
            })),
        };
        var firely = FirelyBaseline.Validator(fixture.Catalog);
        var firelyErrors = new List<string>();

        foreach (var (name, document) in variants)
        {
            var expected = FirelyBaseline.Summary(firely.Validate(document, ProfileCanonicals.HslNoteDocument));
            var actual = FirelyBaseline.Summary(await fixture.Pool.ValidateAsync(document, ProfileCanonicals.HslNoteDocument));
            Assert.True(expected.SequenceEqual(actual), $"{name}:{Environment.NewLine}Firely:{Environment.NewLine}{string.Join(Environment.NewLine, expected)}{Environment.NewLine}gateway:{Environment.NewLine}{string.Join(Environment.NewLine, actual)}");
            firelyErrors.AddRange(expected);
        }

        // Each shortcut's invariant failed somewhere above, so each was compared where it matters.
        foreach (var key in CoreInvariantShortcuts.Known.Select(k => k.Key))
        {
            Assert.Contains(firelyErrors, e => e.Contains($"constraint {key} ", StringComparison.Ordinal));
        }
    }

    private static Bundle Note(Action<Bundle>? change = null)
    {
        var document = ProfileFixture.Example<Bundle>("hsl-note-document.json");
        change?.Invoke(document);
        return document;
    }

    private static Composition Composition(Bundle document) => document.Entry.Select(e => e.Resource).OfType<Composition>().First();

    private static T OnlyExtension<T>()
        where T : PrimitiveType, new()
    {
        var element = new T();
        element.Extension.Add(new Extension("http://example.org/fhir/StructureDefinition/note", new FhirString("x")));
        return element;
    }

#pragma warning disable ExperimentalApi // Firely's assertion model
    private static IEnumerable<(string Key, string Expression)> Invariants(IAssertion assertion) => assertion switch
    {
        FhirPathValidator invariant => [(invariant.Key, invariant.Expression)],
        IAssertionContainer container => container.Children().SelectMany(child => Invariants(child.Child)),
        _ => [],
    };
#pragma warning restore ExperimentalApi
}
