using Firely.Fhir.Validation;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Whether the settings' include and exclude filters let an assertion run, as Firely decides it (its own check is
/// internal). Our validators that stand in front of Firely's ask it about the one they wrap, so a filter that names
/// Firely's type (the default one excludes invariant dom-6) still applies.
/// </summary>
internal static class FirelyFilters
{
    public static bool Includes(ValidationSettings settings, IAssertion assertion) =>
        (settings.IncludeFilters.Count == 0 || settings.IncludeFilters.Any(include => include(assertion)))
        && !settings.ExcludeFilters.Any(exclude => exclude(assertion));
}
