using Firely.Fhir.Validation;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Whether the settings' include and exclude filters let an assertion run, as Firely decides it (its own check is
/// internal). Our validators that stand in front of Firely's ask it about the one they wrap, so a filter that names
/// Firely's type (the default one excludes invariant dom-6) still applies.
/// </summary>
internal static class FirelyFilters
{
    /// <remarks>Asked for every element a wrapped validator sees, so it loops instead of allocating a closure per call.</remarks>
    public static bool Includes(ValidationSettings settings, IAssertion assertion)
    {
        var included = settings.IncludeFilters.Count == 0;
        foreach (var include in settings.IncludeFilters)
        {
            included |= include(assertion);
        }

        if (!included)
        {
            return false;
        }

        foreach (var exclude in settings.ExcludeFilters)
        {
            if (exclude(assertion))
            {
                return false;
            }
        }

        return true;
    }
}
