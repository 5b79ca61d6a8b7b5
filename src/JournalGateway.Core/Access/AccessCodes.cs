namespace JournalGateway.Core.Access;

/// <summary>The wire codes of provider kinds and purposes of use (token claims, headers, log).</summary>
public static class AccessCodes
{
    /// <summary>The <c>provider_kind</c> code of a vårdgivare.</summary>
    public const string Vardgivare = "vardgivare";

    /// <summary>The <c>provider_kind</c> code of an omsorgsgivare.</summary>
    public const string Omsorgsgivare = "omsorgsgivare";

    /// <summary>The purpose-of-use code of ordinary care.</summary>
    public const string Treat = "TREAT";

    /// <summary>The purpose-of-use code of nödåtkomst.</summary>
    public const string EmergencyTreat = "ETREAT";

    /// <summary>The wire code of a provider kind.</summary>
    public static string ToCode(this ProviderKind kind) => kind switch
    {
        ProviderKind.Vardgivare => Vardgivare,
        ProviderKind.Omsorgsgivare => Omsorgsgivare,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The wire code of a purpose of use.</summary>
    public static string ToCode(this PurposeOfUse purpose) => purpose switch
    {
        PurposeOfUse.Treat => Treat,
        PurposeOfUse.EmergencyTreat => EmergencyTreat,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
    };

    /// <summary>Reads a <c>provider_kind</c> code (exact, lower case); false for anything else.</summary>
    public static bool TryParseProviderKind(string? code, out ProviderKind kind)
    {
        switch (code)
        {
            case Vardgivare:
                kind = ProviderKind.Vardgivare;
                return true;
            case Omsorgsgivare:
                kind = ProviderKind.Omsorgsgivare;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>Reads a purpose-of-use code (exact, upper case); false for anything else.</summary>
    public static bool TryParsePurposeOfUse(string? code, out PurposeOfUse purpose)
    {
        switch (code)
        {
            case Treat:
                purpose = PurposeOfUse.Treat;
                return true;
            case EmergencyTreat:
                purpose = PurposeOfUse.EmergencyTreat;
                return true;
            default:
                purpose = default;
                return false;
        }
    }

    /// <summary>The stable code of a reason (access log, AuditEvent); unaffected by renaming the enum member.</summary>
    public static string ToCode(this AccessReason reason) => reason switch
    {
        AccessReason.RequestAllowed => "request-allowed",
        AccessReason.OwnCareUnit => "own-care-unit",
        AccessReason.OwnCareProvider => "own-care-provider",
        AccessReason.Consent => "consent",
        AccessReason.BlockLifted => "block-lifted",
        AccessReason.Emergency => "emergency",
        AccessReason.EmergencyOpenedBlock => "emergency-opened-block",
        AccessReason.RelationshipNotAsserted => "relationship-not-asserted",
        AccessReason.EmergencyReasonMissing => "emergency-reason-missing",
        AccessReason.EmergencyNotAllowedForProviderKind => "emergency-not-allowed-for-provider-kind",
        AccessReason.NoValidConsent => "no-valid-consent",
        AccessReason.BlockedWithinProvider => "blocked-within-provider",
        AccessReason.BlockedAcrossProviders => "blocked-across-providers",
        AccessReason.SocialCareNotCovered => "social-care-not-covered",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
