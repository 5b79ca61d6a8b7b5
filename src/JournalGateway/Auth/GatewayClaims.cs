namespace JournalGateway.Auth;

/// <summary>The claims a caller's token carries (DESIGN section 4).</summary>
public static class GatewayClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string CareUnit = "care_unit";
    public const string CareProvider = "care_provider";
    public const string ProviderKind = "provider_kind";
    public const string Scope = "scope";

    public static readonly string[] Required = [Subject, CareUnit, CareProvider, ProviderKind, Scope];
}
