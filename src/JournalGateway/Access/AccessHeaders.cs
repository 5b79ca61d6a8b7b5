using JournalGateway.Core.Access;
using JournalGateway.Errors;

namespace JournalGateway.Access;

/// <summary>The per-request headers of a read of patient data (DESIGN section 4).</summary>
public static class AccessHeaders
{
    public const string Relationship = "X-Patient-Relationship";
    public const string PurposeOfUse = "X-Purpose-Of-Use";
    public const string EmergencyReason = "X-Emergency-Reason";

    public static bool RelationshipAsserted(HttpRequest request) =>
        string.Equals(request.Headers[Relationship].ToString(), "active", StringComparison.OrdinalIgnoreCase);

    /// <summary>The purpose (TREAT when absent) and the emergency reason, percent-decoded from its ASCII wire form.</summary>
    public static AccessPurpose Purpose(HttpRequest request)
    {
        var code = request.Headers[PurposeOfUse].ToString();
        if (code.Length == 0)
        {
            return AccessPurpose.Treat;
        }

        if (!AccessCodes.TryParsePurposeOfUse(code, out var purpose))
        {
            throw FhirProblem.Malformed($"{PurposeOfUse} must be TREAT or ETREAT.", PurposeOfUse);
        }

        if (purpose == Core.Access.PurposeOfUse.Treat)
        {
            return AccessPurpose.Treat;
        }

        var raw = request.Headers[EmergencyReason].ToString();
        string reason;
        try
        {
            reason = Uri.UnescapeDataString(raw).Trim();
        }
        catch (UriFormatException)
        {
            throw FhirProblem.Malformed($"{EmergencyReason} must be UTF-8 text percent-encoded (RFC 3986).", EmergencyReason);
        }

        return AccessPurpose.Emergency(reason);
    }
}
