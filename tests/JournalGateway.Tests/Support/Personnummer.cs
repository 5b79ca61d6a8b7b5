using System.Globalization;

namespace JournalGateway.Tests.Support;

/// <summary>Valid, made-up personnummer, so tests that register consents and blocks never share a patient.</summary>
public static class Personnummer
{
    public static string NewUnique()
    {
        var random = Random.Shared;
        var date = new DateOnly(random.Next(1930, 1990), random.Next(1, 13), random.Next(1, 29));
        var first9 = date.ToString("yyMMdd", CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("000", CultureInfo.InvariantCulture);
        return date.ToString("yyyy", CultureInfo.InvariantCulture)[..2] + first9 + CheckDigit(first9);
    }

    /// <summary>Luhn over YYMMDDNNN: weights 2,1,2,...; digits of products summed.</summary>
    public static int CheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var product = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }

        return (10 - sum % 10) % 10;
    }
}
