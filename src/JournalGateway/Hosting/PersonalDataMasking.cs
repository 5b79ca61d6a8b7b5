using System.Diagnostics;
using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace JournalGateway.Hosting;

/// <summary>
/// The last line of defence for logs and traces: anything shaped like a personnummer or samordningsnummer (10 or 12
/// digits, with or without - or +) or a nationellt reservnummer (12 characters XXYYMMDDNNGC) is replaced, wherever it
/// appears. The code never logs
/// patient data on purpose; this catches what slips through (paths, exception text, third-party messages).
/// </summary>
public sealed partial class PersonalDataMasking : ILogEventEnricher
{
    public const string Mask = "[personnummer]";

    // Personnummer and samordningsnummer: YYMMDD, an optional - or +, and four digits, after an optional century (10 or
    // 12 digits; 8 digits such as a date or the sequence in a request id are not a person). Reservnummer: XXYYMMDD,
    // two letters, a sex digit or letter and a check character. Not after "SE": the ten digits of an HSA-id
    // (SE2120002080-P001) are an organisation number, not a person.
    [GeneratedRegex(
        @"(?<![0-9])(?<!SE)(?:(?:18|19|20)[0-9]{2}|[0-9]{2})[0-9]{4}[-+]?[0-9]{4}(?![0-9])"
        + @"|(?<![0-9A-Za-z])[0-9]{8}[A-HJ-NPR-UX-Z]{2}[0-9A-HJ-NPR-UX-Z][0-9](?![0-9A-Za-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PersonalNumber();

    public static string Redact(string text) => PersonalNumber().Replace(text, Mask);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (Redacted(value) is { } masked)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, masked));
            }
        }
    }

    /// <summary>Masks the URL tags of an outgoing call's span (the regional store's paths carry the patient id).</summary>
    public static void RedactSpan(Activity activity)
    {
        foreach (var tag in new[] { "url.full", "url.path", "http.url", "http.target", "url.query" })
        {
            if (activity.GetTagItem(tag) is string value)
            {
                activity.SetTag(tag, Redact(value));
            }
        }

        activity.DisplayName = Redact(activity.DisplayName);
    }

    private static LogEventPropertyValue? Redacted(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } when PersonalNumber().IsMatch(text) => new ScalarValue(Redact(text)),
        SequenceValue sequence when sequence.Elements.Any(e => Redacted(e) is not null) =>
            new SequenceValue(sequence.Elements.Select(e => Redacted(e) ?? e)),
        StructureValue structure when structure.Properties.Any(p => Redacted(p.Value) is not null) =>
            new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Redacted(p.Value) ?? p.Value)), structure.TypeTag),
        _ => null,
    };
}
