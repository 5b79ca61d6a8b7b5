using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JournalGateway.Core.Identifiers;

/// <summary>
/// Parses and checks Swedish patient identifiers and HSA-ids. Error messages are English and never repeat
/// the value, because identifiers are personal data and errors end up in logs and OperationOutcomes.
/// </summary>
/// <remarks>
/// Rules that depend on the date take "today" explicitly (or a <see cref="TimeProvider"/>), so they are
/// testable and never read the machine clock.
/// </remarks>
public static class SwedishIdentifiers
{
    /// <summary>Longest HSA-id allowed by the HSA specification.</summary>
    public const int HsaIdMaxLength = 31;

    // Birth dates are Swedish calendar dates; near midnight UTC and local time differ.
    private static readonly TimeZoneInfo Stockholm = FindStockholm();

    /// <summary>Today's date in Sweden according to <paramref name="timeProvider"/>.</summary>
    public static DateOnly SwedishToday(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var now = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Stockholm);
        return DateOnly.FromDateTime(now.DateTime);
    }

    /// <summary>
    /// Parses a patient identifier given with its FHIR identifier system, using Sweden's date from
    /// <paramref name="timeProvider"/> for the checks that depend on today.
    /// </summary>
    public static bool TryParsePatient(
        string? system,
        string? value,
        TimeProvider timeProvider,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error) =>
        TryParsePatient(system, value, SwedishToday(timeProvider), out id, out error);

    /// <summary>
    /// Parses a patient identifier given with its FHIR identifier system (see <see cref="IdentifierSystems"/>).
    /// On success <paramref name="id"/> holds the canonical 12-character value.
    /// </summary>
    /// <param name="system">The identifier system URI.</param>
    /// <param name="value">The value as sent.</param>
    /// <param name="today">Today's date in Sweden: birth dates after it are refused and it decides the century of 10-digit forms.</param>
    /// <param name="id">The parsed identifier.</param>
    /// <param name="error">Why the value was refused; contains no personal data.</param>
    public static bool TryParsePatient(
        string? system,
        string? value,
        DateOnly today,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error)
    {
        if (!IdentifierSystems.TryGetKind(system, out var kind))
        {
            id = null;
            error = "The identifier system is not a Swedish patient identifier system (personnummer, samordningsnummer or nationellt reservnummer).";
            return false;
        }

        return kind switch
        {
            PatientIdentifierKind.Personnummer => TryParsePersonnummer(value, today, out id, out error),
            PatientIdentifierKind.Samordningsnummer => TryParseSamordningsnummer(value, today, out id, out error),
            _ => TryParseReservnummer(value, today, out id, out error),
        };
    }

    /// <summary>
    /// Parses a personnummer: 12 digits YYYYMMDDNNNC, or the 10-digit display form YYMMDD-NNNC / YYMMDD+NNNC
    /// (the separator decides the century, see remarks).
    /// </summary>
    /// <remarks>
    /// 10-digit forms: the separator gives the century, as the Swedish tax agency issues it. <c>-</c> means the
    /// person turns at most 99 in the current year (birth year in today.Year-99 … today.Year); <c>+</c> is used
    /// from the year the person turns 100 (birth year in today.Year-199 … today.Year-100). The value is always
    /// returned in the 12-digit form.
    /// </remarks>
    public static bool TryParsePersonnummer(
        string? value,
        DateOnly today,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error) =>
        TryParseBirthNumber(value, today, PatientIdentifierKind.Personnummer, out id, out error);

    /// <summary>
    /// Parses a samordningsnummer: as a personnummer (same forms and century rule) with 60 added to the day,
    /// so the day is 61–91 and must be a real date after subtracting 60.
    /// </summary>
    public static bool TryParseSamordningsnummer(
        string? value,
        DateOnly today,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error) =>
        TryParseBirthNumber(value, today, PatientIdentifierKind.Samordningsnummer, out id, out error);

    /// <summary>
    /// Parses a nationellt reservnummer (Inera NRID), stored and sent as 12 characters XXYYMMDDNNGC.
    /// </summary>
    /// <remarks>
    /// Source: Inera's "Nationellt ReservID" format description (specification 1.0, as summarised on the
    /// Personuppgiftstjänsten wiki "Nationellt Reservidformat"):
    /// XX = birth century + 3, 6, … 78 when the birth date is known (so 22–98; 01–21 are reserved or unused
    /// so they never collide with personnummer/samordningsnummer), or 00 when it is unknown;
    /// YYMMDD = the birth date when known (the century is XX minus a multiple of 3), or a serial with
    /// MM 20–99 and DD 40–59 when unknown; NN = two capital letters A–Z except I, O, Q, V, W;
    /// G = a digit (odd men, even women, as in a personnummer) when the sex is known, otherwise a letter from
    /// the same alphabet as NN;
    /// C = a check digit: Luhn over the 11 characters before it, each letter counted as its ASCII code
    /// (A = 65). Per character from the right, the value is weighted 2, 1, 2, … (G has weight 2) and the
    /// decimal digits of each product are summed (A at weight 2 gives 130, counted 1 + 3 + 0); the total
    /// including C is a multiple of 10. The Inera wording ("enligt standard Luhn, bokstäver ersätts med dess
    /// ASCII-värde") is quoted in open-source Swedish identifier libraries, whose published examples
    /// (e.g. 22790814AA01, 25780404KHD5, 00749852BZK0) all satisfy this reading and no other we tried.
    /// </remarks>
    public static bool TryParseReservnummer(
        string? value,
        DateOnly today,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error)
    {
        id = null;
        if (string.IsNullOrEmpty(value) || value.Length != 12)
        {
            error = "A nationellt reservnummer has exactly 12 characters XXYYMMDDNNGC, without separator.";
            return false;
        }

        if (!AllDigits(value.AsSpan(0, 8)))
        {
            error = "A nationellt reservnummer starts with 8 digits XXYYMMDD.";
            return false;
        }

        if (!IsReservLetter(value[8]) || !IsReservLetter(value[9]))
        {
            error = "Characters 9 and 10 of a nationellt reservnummer are capital letters A-Z except I, O, Q, V and W.";
            return false;
        }

        if (!char.IsAsciiDigit(value[10]) && !IsReservLetter(value[10]))
        {
            error = "Character 11 of a nationellt reservnummer (sex) is a digit or a capital letter A-Z except I, O, Q, V and W.";
            return false;
        }

        if (!char.IsAsciiDigit(value[11]))
        {
            error = "The last character of a nationellt reservnummer is a check digit.";
            return false;
        }

        if (!IsReservnummerCheckValid(value))
        {
            error = "The check digit of the nationellt reservnummer is wrong.";
            return false;
        }

        var xx = Number(value, 0, 2);
        var yy = Number(value, 2, 2);
        var mm = Number(value, 4, 2);
        var dd = Number(value, 6, 2);
        if (xx == 0)
        {
            // Unknown birth date: YYMMDD is a serial in reserved month/day ranges that no date can have.
            if (mm < 20 || dd < 40 || dd > 59)
            {
                error = "A nationellt reservnummer with unknown birth date (00) has month 20-99 and day 40-59.";
                return false;
            }
        }
        else
        {
            if (xx < 22 || xx > 98)
            {
                error = "The first two digits of a nationellt reservnummer are 00 (unknown birth date) or the birth century plus 3 to 78 (22-98).";
                return false;
            }

            // The century is the one of 18, 19, 20 that XX exceeds by a multiple of 3 (at most 78).
            var century = 18 + ((xx - 18) % 3);
            if (xx - century > 78)
            {
                error = "The first two digits of a nationellt reservnummer are the birth century plus 3 to 78.";
                return false;
            }

            if (!TryDate((century * 100) + yy, mm, dd, out var birth))
            {
                error = "A nationellt reservnummer with a known birth date must hold a real date (YYMMDD).";
                return false;
            }

            if (birth > today)
            {
                error = "The birth date of a nationellt reservnummer lies in the future.";
                return false;
            }
        }

        id = new PatientIdentifier(PatientIdentifierKind.NationelltReservnummer, value);
        error = null;
        return true;
    }

    /// <summary>
    /// Checks an HSA-id: <c>SE</c>, the 10-digit organisation number, <c>-</c>, then one or more ASCII
    /// letters or digits (no å, ä, ö), at most 31 characters in all.
    /// </summary>
    public static bool TryParseHsaId(string? value, out HsaId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(value))
        {
            error = "The HSA-id is empty.";
            return false;
        }

        if (value.Length > HsaIdMaxLength)
        {
            error = $"An HSA-id has at most {HsaIdMaxLength} characters.";
            return false;
        }

        if (value.Length < 12 || !value.StartsWith("SE", StringComparison.Ordinal) || !AllDigits(value.AsSpan(2, 10)))
        {
            error = "An HSA-id starts with SE and a 10-digit organisation number.";
            return false;
        }

        if (value.Length < 13 || value[12] != '-')
        {
            error = "An HSA-id has a '-' after SE and the 10-digit organisation number.";
            return false;
        }

        if (value.Length == 13)
        {
            error = "An HSA-id has at least one letter or digit after the '-'.";
            return false;
        }

        foreach (var c in value.AsSpan(13))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                error = "After the '-' an HSA-id holds only the letters A-Z, a-z and digits 0-9 (no å, ä, ö).";
                return false;
            }
        }

        id = new HsaId(value);
        error = null;
        return true;
    }

    /// <summary>Whether the last digit is the Luhn (mod 10) check digit of the digits before it.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2 || !AllDigits(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            // Weights 2,1,2,1,... from the right-hand digit before the check digit, i.e. from the right.
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>
    /// The reservnummer's Luhn variant (see <see cref="TryParseReservnummer"/>): letters count as their ASCII
    /// code, and a weighted value adds its decimal digits, however many.
    /// </summary>
    private static bool IsReservnummerCheckValid(string value)
    {
        var sum = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[value.Length - 1 - i];
            var weighted = (char.IsAsciiDigit(c) ? c - '0' : c) * (i % 2 == 1 ? 2 : 1);
            for (; weighted > 0; weighted /= 10)
            {
                sum += weighted % 10;
            }
        }

        return sum % 10 == 0;
    }

    private static bool TryParseBirthNumber(
        string? value,
        DateOnly today,
        PatientIdentifierKind kind,
        [NotNullWhen(true)] out PatientIdentifier? id,
        [NotNullWhen(false)] out string? error)
    {
        id = null;
        var name = kind == PatientIdentifierKind.Personnummer ? "personnummer" : "samordningsnummer";
        if (!TryNormalise(value, today, name, out var digits, out error))
        {
            return false;
        }

        var year = Number(digits, 0, 4);
        var month = Number(digits, 4, 2);
        var day = Number(digits, 6, 2);
        if (kind == PatientIdentifierKind.Personnummer && day is >= 61 and <= 91)
        {
            error = "The value has a day of 61-91: it is a samordningsnummer, not a personnummer. Send it with the samordningsnummer identifier system.";
            return false;
        }

        if (kind == PatientIdentifierKind.Samordningsnummer)
        {
            if (day is < 61 or > 91)
            {
                error = "A samordningsnummer has 60 added to the day of birth (day 61-91).";
                return false;
            }

            day -= 60;
        }

        if (!TryDate(year, month, day, out var birth))
        {
            error = $"The date part of the {name} is not a real date.";
            return false;
        }

        if (birth > today)
        {
            error = $"The date part of the {name} lies in the future.";
            return false;
        }

        if (!IsLuhnValid(digits.AsSpan(2)))
        {
            error = $"The check digit of the {name} is wrong.";
            return false;
        }

        id = new PatientIdentifier(kind, digits);
        error = null;
        return true;
    }

    // Brings the accepted forms to 12 digits: YYYYMMDDNNNC, YYYYMMDD-NNNC, YYMMDD-NNNC and YYMMDD+NNNC.
    private static bool TryNormalise(
        string? value,
        DateOnly today,
        string name,
        [NotNullWhen(true)] out string? digits,
        [NotNullWhen(false)] out string? error)
    {
        digits = null;
        error = null;
        if (string.IsNullOrEmpty(value))
        {
            error = $"The {name} is empty.";
            return false;
        }

        if (value.Length == 12 && AllDigits(value))
        {
            digits = value;
            return true;
        }

        if (value.Length == 13 && value[8] == '-' && AllDigits(value.AsSpan(0, 8)) && AllDigits(value.AsSpan(9)))
        {
            digits = string.Concat(value.AsSpan(0, 8), value.AsSpan(9));
            return true;
        }

        if (value.Length == 11 && value[6] is '-' or '+' && AllDigits(value.AsSpan(0, 6)) && AllDigits(value.AsSpan(7)))
        {
            // The separator picks the century (see TryParsePersonnummer): the birth year is the one ending in YY
            // within the 100-year window it names.
            var yy = Number(value, 0, 2);
            var newest = value[6] == '-' ? today.Year : today.Year - 100;
            var year = newest - (((newest % 100) - yy + 100) % 100);
            digits = string.Concat(year.ToString("D4", CultureInfo.InvariantCulture), value.AsSpan(2, 4), value.AsSpan(7));
            return true;
        }

        error = $"A {name} has 12 digits YYYYMMDDNNNC (or the forms YYMMDD-NNNC and YYMMDD+NNNC).";
        return false;
    }

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool IsReservLetter(char c) => c is >= 'A' and <= 'Z' and not ('I' or 'O' or 'Q' or 'V' or 'W');

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(string s, int start, int length) =>
        int.Parse(s.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindStockholm()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            // Containers without tzdata: UTC is at most two hours off, which only matters around midnight.
            return TimeZoneInfo.Utc;
        }
    }
}
