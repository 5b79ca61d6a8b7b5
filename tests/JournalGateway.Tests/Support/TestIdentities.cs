namespace JournalGateway.Tests.Support;

/// <summary>The public test identities of DESIGN sections 5 and 10.</summary>
public static class TestIdentities
{
    public const string Personnummer = "http://electronichealth.se/identifier/personnummer";
    public const string HsaSystem = "urn:oid:1.2.752.29.4.19";

    public const string PatientJohn = "195009072553";
    public const string PatientTwo = "196101182803";
    public const string PatientOld = "189002029800";

    public static readonly Caller VasterasNurse = new("SE2120002080-P001", "Sara Sjuksköterska", "SE2120002080-E001", "SE2120002080-0001", "vardgivare");
    public static readonly Caller RegionDoctor = new("SE2321000172-P101", "Lars Läkare", "SE2321000172-E100", "SE2321000172-0001", "vardgivare");
    public static readonly Caller SalaNurse = new("SE2120001330-P001", "Siv Sjuksköterska", "SE2120001330-E001", "SE2120001330-0001", "vardgivare");

    public const string WriteAndReadNotes = "user/Composition.crs";
}

public sealed record Caller(string Sub, string Name, string CareUnit, string CareProvider, string ProviderKind);
