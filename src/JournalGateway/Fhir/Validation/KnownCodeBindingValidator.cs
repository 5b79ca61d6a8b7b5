using System.Collections.Concurrent;
using System.Globalization;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;
using Newtonsoft.Json.Linq;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Firely's <see cref="BindingValidator"/>, answering straight away when the terminology service already knows the
/// code is valid; everything else (an unknown question, an invalid code, missing content, other binding strengths or
/// checks) is left to Firely's validator, unchanged.
/// </summary>
/// <remarks>
/// Firely asks the terminology service through <c>TaskHelper.Await</c>, which is <c>Task.Run(...).GetResult()</c>: every
/// required code (about ten in a note) hops to another thread-pool thread while the validating thread spins and then
/// blocks. Under load that hop was most of the time spent validating (seen in dotnet-trace: Task.SpinWait and
/// ManualResetEventSlim.Wait under BindingValidator.callService). This validator asks the same question, built the way
/// Firely builds it, and when the answer is already there and says "valid, nothing to add" the outcome is Firely's own
/// for that case: success. <c>DocumentValidationTests</c> compares outcomes, valid and invalid codes included, with
/// Firely's plain validator.
/// </remarks>
#pragma warning disable ExperimentalApi // Firely marks its validator extension points experimental.
internal sealed class KnownCodeBindingValidator(BindingValidator inner) : IValidatable
{
    // Codes the service said are valid, without a message, for this binding: asked once, then answered here. Bounded,
    // as free text (a concept's text, a display) is part of the key.
    private const int KnownValidCapacity = 10_000;
    private readonly ConcurrentDictionary<string, bool> _knownValid = new(StringComparer.Ordinal);

    /// <summary>The Firely validator this one stands in front of.</summary>
    public BindingValidator Inner { get; } = inner;

    public ResultReport Validate(PocoNode input, ValidationSettings vc, ValidationState state) =>
        !FirelyFilters.Includes(vc, Inner) || IsKnownValid(input, vc) ? ResultReport.SUCCESS : ((IValidatable)Inner).Validate(input, vc, state);

    public JToken ToJson() => Inner.ToJson();

    private bool IsKnownValid(PocoNode input, ValidationSettings vc)
    {
        // Only the case Firely sends to the service by default: a required binding, default checks, a code present.
        if (Inner.Strength != BindingValidator.BindingStrength.Required || Inner.Checks != CodedContentChecks.Default
            || vc.ValidateCodeService is not { } service || Key(input.Poco) is not { } key)
        {
            return false;
        }

        if (_knownValid.ContainsKey(key))
        {
            return true;
        }

        var parameters = Question(input.Poco)!
            .WithValueSet(new Hl7.Fhir.Model.Canonical(Inner.ValueSetUri.ToString()))
            .WithAbstract(Inner.AbstractAllowed);
        var answer = service.ValueSetValidateCode((Parameters)parameters.DeepCopy());
        var valid = answer.IsCompletedSuccessfully
            && answer.Result.GetSingleValue<FhirBoolean>("result")?.Value == true
            && answer.Result.GetSingleValue<FhirString>("message") is null;
        if (valid && _knownValid.Count < KnownValidCapacity)
        {
            _knownValid.TryAdd(key, true);
        }

        return valid;
    }

    // Everything of the coded content that goes into the question (the value set and abstract flag are this binding's),
    // each part prefixed by its length so that no two different contents make the same key.
    private static string? Key(Base poco) => poco switch
    {
        Coding { Code.Length: > 0 } coding => "coding" + Key(coding),
        CodeableConcept concept when concept.Coding.Any(c => !string.IsNullOrEmpty(c.Code)) =>
            "concept" + Part(concept.Text) + Part(concept.Coding.Count.ToString(CultureInfo.InvariantCulture)) + string.Concat(concept.Coding.Select(Key)),
        PrimitiveType { TypeName: "code", JsonValue: string { Length: > 0 } code } => "code" + Part(code),
        _ => null,
    };

    private static string Key(Coding coding) =>
        Part(coding.System) + Part(coding.Version) + Part(coding.Code) + Part(coding.Display) + Part(coding.UserSelected?.ToString());

    private static string Part(string? value) =>
        value is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{value.Length}:{value}");

    // As Firely's BindingValidator builds it (Displays is part of the default checks, so codings go as they are).
    private static ValidateCodeParameters? Question(Base poco) => poco switch
    {
        Coding { Code.Length: > 0 } coding => new ValidateCodeParameters().WithCoding(coding),
        CodeableConcept concept when concept.Coding.Any(c => !string.IsNullOrEmpty(c.Code)) => new ValidateCodeParameters().WithCodeableConcept(concept),
        PrimitiveType { TypeName: "code", JsonValue: string { Length: > 0 } code } => new ValidateCodeParameters().WithCode(code, inferSystem: true),
        _ => null,
    };
}
#pragma warning restore ExperimentalApi
