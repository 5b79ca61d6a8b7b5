using System.Globalization;
using System.Text.RegularExpressions;

namespace RegionalStore.Shared;

/// <summary>Collects field errors for a 422 answer; messages name the field and the rule, never the value.</summary>
internal sealed partial class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public static readonly string[] IdTypes = ["personnummer", "samordningsnummer", "reservnummer"];

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> Errors() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
        }
    }

    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "is required.");
        }
        else if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(field, $"must be one of {string.Join(", ", allowed)}.");
        }
    }

    public void HsaId(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }
        }
        else if (value.Length > 31 || !HsaIdPattern().IsMatch(value))
        {
            Add(field, "must be an HSA-id (SE, 10 digits, '-', letters or digits; at most 31 characters).");
        }
    }

    public void Patient(string field, string? id, string? idType)
    {
        OneOf($"{field}.idType", idType, IdTypes);
        if (string.IsNullOrWhiteSpace(id))
        {
            Add($"{field}.id", "is required.");
        }
        else if (id.Length != 12)
        {
            Add($"{field}.id", "must be 12 characters, without separator.");
        }
        else if (idType is "personnummer" or "samordningsnummer" && !id.All(char.IsAsciiDigit))
        {
            Add($"{field}.id", "must be 12 digits.");
        }
        else if (idType is "reservnummer" && !id.All(char.IsAsciiLetterOrDigit))
        {
            Add($"{field}.id", "must be 12 letters or digits.");
        }
    }

    /// <summary>An ISO-8601 date and time that states its offset (a time without one is ambiguous).</summary>
    public DateTimeOffset? Time(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return null;
        }

        if (IsoTime.TryParse(value, out var time))
        {
            return time;
        }

        Add(field, "must be an ISO-8601 date and time with offset, e.g. 2025-03-01T10:15:00+01:00.");
        return null;
    }

    [GeneratedRegex("^SE[0-9]{10}-[A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HsaIdPattern();
}

internal static partial class IsoTime
{
    public static bool TryParse(string? value, out DateTimeOffset time)
    {
        time = default;
        if (value is null)
        {
            return false;
        }

        // A query string may carry an unescaped '+' as a space.
        value = value.Trim().Replace(' ', '+');
        return WithOffset().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex WithOffset();
}
