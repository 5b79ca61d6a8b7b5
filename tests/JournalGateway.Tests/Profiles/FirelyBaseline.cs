using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>
/// Firely's validator as it comes (standard schema builders, the whole Bundle at once) with the gateway's profile
/// selection for entries: what the gateway's own validation must agree with.
/// </summary>
internal static class FirelyBaseline
{
    public static Validator Validator(ProfileCatalog catalog)
    {
        var settings = new ValidationSettings
        {
            SelectValidationProfiles = (_, _, input, _) =>
                input.Parent is not null && input.Poco is Resource r && ProfileSelection.ProfileFor(r) is { } p ? [new Firely.Fhir.Validation.Canonical(p)] : [],
        };
        return new Validator(catalog.Resolver, new LocalTerminologyService(catalog.Resolver), null, settings);
    }

    /// <summary>Errors as "expression: text", sorted: the order of issues differs, their set must not.</summary>
    public static List<string> Summary(OperationOutcome outcome) =>
        outcome.Errors()
            .Select(i => $"{i.Expression.FirstOrDefault() ?? i.Location.FirstOrDefault()}: {i.Details?.Text ?? i.Diagnostics}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
