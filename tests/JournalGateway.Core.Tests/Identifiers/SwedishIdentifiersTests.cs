using JournalGateway.Core.Identifiers;
using Microsoft.Extensions.Time.Testing;

namespace JournalGateway.Core.Tests.Identifiers;

public class SwedishIdentifiersTests
{
    // A fixed "today" so the century and future rules do not drift with the calendar.
    private static readonly DateOnly Today = new(2026, 11, 28);

    [Theory]
    [InlineData("195009072553")]
    [InlineData("196101182803")]
    [InlineData("189002029800")]
    [InlineData("200002291235")] // 2000 is a leap year (divisible by 400)
    [InlineData("202611281235")] // born today
    public void TryParsePatient_ValidPersonnummer_ReturnsCanonicalValue(string value)
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Personnummer, value, Today, out var id, out var error);

        Assert.True(ok, error);
        Assert.Equal(PatientIdentifierKind.Personnummer, id!.Kind);
        Assert.Equal(value, id.Value);
    }

    [Theory]
    [InlineData("195009072554", "check digit")]
    [InlineData("190002291234", "not a real date")] // 1900 is not a leap year
    [InlineData("195013072553", "not a real date")]
    [InlineData("195009002553", "not a real date")]
    [InlineData("202611291234", "future")]
    [InlineData("19500907255", "12 digits")]
    [InlineData("1950090725533", "12 digits")]
    [InlineData("19500907255X", "12 digits")]
    [InlineData("5009072553", "12 digits")] // 10 digits without separator: century unknown
    [InlineData("", "empty")]
    public void TryParsePatient_InvalidPersonnummer_IsRefusedWithReason(string value, string reason)
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Personnummer, value, Today, out var id, out var error);

        Assert.False(ok);
        Assert.Null(id);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("500907-2553", "195009072553")]
    [InlineData("610118-2803", "196101182803")]
    [InlineData("900202+9800", "189002029800")] // turned 100 long ago: '+'
    [InlineData("000229-1235", "200002291235")]
    [InlineData("19500907-2553", "195009072553")]
    public void TryParsePersonnummer_SeparatorForms_AreStoredWithTwelveDigits(string value, string expected)
    {
        var ok = SwedishIdentifiers.TryParsePersonnummer(value, Today, out var id, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, id!.Value);
    }

    [Theory]
    [InlineData("261128-1235", "202611281235")] // born this year: '-'
    [InlineData("271128-1234", "192711281234")] // turns 99 this year: still '-'
    [InlineData("261128+1235", "192611281235")] // turns 100 this year: '+' from the start of that year
    [InlineData("271128+1234", "182711281234")] // '+' never means the last 100 years
    public void TryParsePersonnummer_Separator_DecidesCenturyRelativeToToday(string value, string expected)
    {
        var ok = SwedishIdentifiers.TryParsePersonnummer(value, Today, out var id, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, id!.Value);
    }

    [Fact]
    public void TryParsePatient_SamordningsnummerSentAsPersonnummer_IsRefusedSayingSo()
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Personnummer, "195009672550", Today, out _, out var error);

        Assert.False(ok);
        Assert.Contains("samordningsnummer", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("195009672550")]
    [InlineData("196101782800")]
    [InlineData("500967-2550")]
    public void TryParsePatient_SamordningsnummerUnderItsOwnSystem_IsAccepted(string value)
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Samordningsnummer, value, Today, out var id, out var error);

        Assert.True(ok, error);
        Assert.Equal(PatientIdentifierKind.Samordningsnummer, id!.Kind);
        Assert.Equal(12, id.Value.Length);
    }

    [Theory]
    [InlineData("195009072553", "day of birth")] // a personnummer is not a samordningsnummer
    [InlineData("195002892550", "not a real date")] // 29 + 60 in February 1950
    [InlineData("195009672551", "check digit")]
    public void TryParsePatient_InvalidSamordningsnummer_IsRefused(string value, string reason)
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Samordningsnummer, value, Today, out _, out var error);

        Assert.False(ok);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("22500907AB19", true)] // 19 + 3: born 1950-09-07, sex known
    [InlineData("23010101XY25", true)] // 20 + 3: born 2001-01-01
    [InlineData("26000229AB17", true)] // 20 + 6: 2000-02-29 exists
    [InlineData("00502045ABC8", true)] // unknown birth date and sex
    [InlineData("22000229AB11", false)] // 1900-02-29 does not exist
    [InlineData("22501307AB13", false)] // month 13
    [InlineData("00501245AB14", false)] // unknown date needs month 20-99
    [InlineData("00502065AB19", false)] // unknown date needs day 40-59
    [InlineData("22500907AI12", false)] // I is not used
    [InlineData("22500907ab12", false)] // capitals only
    [InlineData("24900101CD3A", false)] // check character is a digit
    [InlineData("20500907AB11", false)] // 18-21 would collide with personnummer
    [InlineData("23500907AB18", false)] // 2050 is in the future
    [InlineData("99500907AB17", false)] // beyond century + 78
    [InlineData("22500907AB1", false)]
    [InlineData("22500907AB12", false)] // wrong check digit (19 is right)
    [InlineData("22500907BA19", false)] // letters swapped: the check digit catches it
    [InlineData("22790814AA01", true)] // published examples of the Luhn-over-ASCII check digit
    [InlineData("22950606FH20", true)]
    [InlineData("25780404KHD5", true)] // 19 + 6, sex unknown
    [InlineData("00342145BZ31", true)]
    [InlineData("00749852BZK0", true)]
    public void TryParsePatient_Reservnummer_FollowsTheNationalFormat(string value, bool valid)
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.NationelltReservnummer, value, Today, out var id, out var error);

        Assert.Equal(valid, ok);
        if (valid)
        {
            Assert.Equal(value, id!.Value);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void TryParsePatient_ReservnummerWithWrongCheckDigit_SaysSo()
    {
        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.NationelltReservnummer, "22790814AA02", Today, out _, out var error);

        Assert.False(ok);
        Assert.Contains("check digit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParsePatient_UnknownSystem_IsRefused()
    {
        var ok = SwedishIdentifiers.TryParsePatient("urn:oid:1.2.3", "195009072553", Today, out _, out var error);

        Assert.False(ok);
        Assert.Contains("system", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParsePatient_Errors_NeverContainTheValue()
    {
        SwedishIdentifiers.TryParsePatient(IdentifierSystems.Personnummer, "195009072554", Today, out _, out var error);

        Assert.DoesNotContain("5009072554", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParsePatient_WithTimeProvider_UsesSwedishDate()
    {
        // 23:30 UTC on 28 November is already 29 November in Stockholm.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.Zero));

        var ok = SwedishIdentifiers.TryParsePatient(IdentifierSystems.Personnummer, "202611291234", time, out _, out var error);

        Assert.True(ok, error);
    }

    [Theory]
    [InlineData("SE2321000131-P000000000977")]
    [InlineData("SE2321000131-E000000006834")]
    [InlineData("SE2321000172-0001")]
    [InlineData("SE2120002080-OG01")]
    [InlineData("SE2120002080-a")]
    [InlineData("SE2321000131-P00000000000000000")] // 31 characters
    public void TryParseHsaId_Valid_IsAccepted(string value)
    {
        var ok = SwedishIdentifiers.TryParseHsaId(value, out var id, out var error);

        Assert.True(ok, error);
        Assert.Equal(value, id.Value);
        Assert.True(value.Length <= 31);
    }

    [Theory]
    [InlineData("SE2321000131-P000000000000000000", "at most 31")] // 32 characters
    [InlineData("SE2321000131-Pååå", "å")]
    [InlineData("SE2321000131-Pö1", "å, ä, ö")]
    [InlineData("SE2321000131P000000000977", "'-'")]
    [InlineData("SE2321000131-", "after the '-'")]
    [InlineData("SE2321000131", "'-'")]
    [InlineData("se2321000131-P1", "SE and a 10-digit")]
    [InlineData("SE232100013-P1", "SE and a 10-digit")]
    [InlineData("SE23210001X1-P1", "SE and a 10-digit")]
    [InlineData("SE2321000131-P 1", "A-Z")]
    [InlineData("", "empty")]
    public void TryParseHsaId_Invalid_IsRefused(string value, string reason)
    {
        var ok = SwedishIdentifiers.TryParseHsaId(value, out _, out var error);

        Assert.False(ok);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5009072553", true)]
    [InlineData("5009072554", false)]
    [InlineData("0", false)]
    public void IsLuhnValid_ChecksMod10(string digits, bool expected) =>
        Assert.Equal(expected, SwedishIdentifiers.IsLuhnValid(digits));
}
