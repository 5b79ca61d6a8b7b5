using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Tests.Access;

public sealed class AccessTypesTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TimePeriod_IncludesStartExcludesEnd()
    {
        var period = new TimePeriod(T, T.AddDays(1));

        Assert.True(period.Contains(T));
        Assert.True(period.Contains(T.AddDays(1).AddTicks(-1)));
        Assert.False(period.Contains(T.AddDays(1)));
        Assert.False(period.Contains(T.AddTicks(-1)));
    }

    [Fact]
    public void TimePeriod_OpenBounds_CoverAllTime()
    {
        Assert.True(TimePeriod.Always.Contains(DateTimeOffset.MinValue));
        Assert.True(TimePeriod.Always.Contains(DateTimeOffset.MaxValue));
        Assert.True(new TimePeriod(Start: T).Contains(DateTimeOffset.MaxValue));
        Assert.True(new TimePeriod(End: T).Contains(DateTimeOffset.MinValue));
    }

    [Fact]
    public void TimePeriod_ComparesInstantsAcrossOffsets()
    {
        var period = new TimePeriod(T, T.AddHours(1));

        Assert.True(period.Contains(new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.FromHours(1))));
    }

    [Theory]
    [InlineData("vardgivare", ProviderKind.Vardgivare)]
    [InlineData("omsorgsgivare", ProviderKind.Omsorgsgivare)]
    public void ProviderKindCodes_RoundTrip(string code, ProviderKind kind)
    {
        Assert.True(AccessCodes.TryParseProviderKind(code, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(code, kind.ToCode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Vardgivare")]
    [InlineData("vårdgivare")]
    public void TryParseProviderKind_Unknown_IsFalse(string? code)
    {
        Assert.False(AccessCodes.TryParseProviderKind(code, out _));
    }

    [Theory]
    [InlineData("TREAT", PurposeOfUse.Treat)]
    [InlineData("ETREAT", PurposeOfUse.EmergencyTreat)]
    public void PurposeCodes_RoundTrip(string code, PurposeOfUse purpose)
    {
        Assert.True(AccessCodes.TryParsePurposeOfUse(code, out var parsed));
        Assert.Equal(purpose, parsed);
        Assert.Equal(code, purpose.ToCode());
    }

    [Fact]
    public void ReasonCodes_AreDistinctForEveryReason()
    {
        var codes = Enum.GetValues<AccessReason>().Select(r => r.ToCode()).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void AccessPurpose_ToString_KeepsTheEmergencyReasonOut()
    {
        Assert.Equal("ETREAT", AccessPurpose.Emergency("Medvetslös").ToString());
    }

    [Fact]
    public void Directive_IsInForce_OnlyWhenActiveAndWithinValidity()
    {
        var consent = new PatientConsent
        {
            Id = "c1",
            Patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, "195009072553"),
            RecordedAt = T,
            Validity = new TimePeriod(T, T.AddDays(10)),
            Reader = new ConsentReader(ReaderKind.CareProvider, new HsaId("SE2321000172-0001")),
        };

        Assert.True(consent.IsInForce(T.AddDays(1)));
        Assert.False(consent.IsInForce(T.AddDays(11)));
        Assert.False((consent with { Status = ConsentStatus.Inactive }).IsInForce(T.AddDays(1)));
        Assert.Equal(DirectiveKind.Consent, consent.Kind);
    }
}
