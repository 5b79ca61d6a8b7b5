using JournalGateway.Hosting;

namespace JournalGateway.Tests.Hosting;

public class PersonalDataMaskingTests
{
    [Theory]
    [InlineData("GET /fhir/Composition?patient.identifier=personnummer|195009072553", "GET /fhir/Composition?patient.identifier=personnummer|[personnummer]")]
    [InlineData("pnr 500907-2553 and 19500907-2553", "pnr [personnummer] and [personnummer]")]
    [InlineData("samordningsnummer 195009672557", "samordningsnummer [personnummer]")]
    [InlineData("reservnummer 22790814AA01 and 00749852BZK0", "reservnummer [personnummer] and [personnummer]")]
    public void Redact_masks_personal_identity_numbers(string text, string expected) =>
        Assert.Equal(expected, PersonalDataMasking.Redact(text));

    [Theory]
    [InlineData("user SE2120002080-P001 at unit SE2120002080-E001")]
    [InlineData("provider SE2321000172-0001")]
    [InlineData("RequestId 0HNQDDJGDEDRT:00000001")]
    [InlineData("on 20261128 at 1502")]
    [InlineData("trace 4bf92f3577b34da6a3ce929d0e0e4736")]
    public void Redact_keeps_what_is_not_a_person(string text) =>
        Assert.Equal(text, PersonalDataMasking.Redact(text));
}
