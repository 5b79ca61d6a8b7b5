using System.Text;
using System.Text.Json.Nodes;

namespace JournalGateway.Benchmarks;

/// <summary>
/// Unique HSL note documents derived from the standard one: per request a new Bundle.identifier and
/// Composition.identifier (the idempotency keys) and new urn:uuid fullUrls, optionally for another test patient.
/// Built from a template by string concatenation, so the load generator spends little of the shared cores on it.
/// </summary>
internal sealed class NoteDocuments
{
    public const string PersonnummerSystem = "http://electronichealth.se/identifier/personnummer";

    /// <summary>The public test identities of DESIGN section 5 (valid check digits).</summary>
    public const string ReadPatient = "195009072553";

    public static readonly string[] WritePatients = ["196101182803", "189002029800"];

    private const string Marker = "\u0001";
    private const int MaxUuids = 16;
    private readonly string[] _parts;
    private readonly int[] _slots;

    private NoteDocuments(string original, string[] parts, int[] slots)
    {
        Original = original;
        _parts = parts;
        _slots = slots;
    }

    /// <summary>The standard document as shipped beside this program.</summary>
    public string Original { get; }

    public static NoteDocuments Load()
    {
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "hsl-note-document.json"));
        var document = JsonNode.Parse(original)!.AsObject();

        // Every urn:uuid in the document (identifiers, fullUrls and the references to them) becomes slot 0..n-1; the
        // patient's personnummer, birth date and gender become the last three.
        var uuids = new List<string> { (string)document["identifier"]!["value"]! };
        var entries = document["entry"]!.AsArray();
        uuids.Add((string)entries[0]!["resource"]!["identifier"]!["value"]!);
        uuids.AddRange(entries.Select(e => (string)e!["fullUrl"]!));
        var patient = entries.Select(e => e!["resource"]!).Single(r => (string?)r["resourceType"] == "Patient");
        var personnummer = (string)patient["identifier"]![0]!["value"]!;
        if (personnummer != ReadPatient)
        {
            throw new InvalidOperationException("The standard document's patient is not the expected test identity.");
        }

        if (uuids.Count > MaxUuids)
        {
            throw new InvalidOperationException($"The standard document has more than {MaxUuids} urn:uuid values.");
        }

        var text = original;
        for (var i = 0; i < uuids.Count; i++)
        {
            text = text.Replace($"\"{uuids[i]}\"", $"\"{Marker}{i}{Marker}\"", StringComparison.Ordinal);
        }

        text = text.Replace($"\"{personnummer}\"", $"\"{Marker}p{Marker}\"", StringComparison.Ordinal)
            .Replace($"\"{(string)patient["birthDate"]!}\"", $"\"{Marker}b{Marker}\"", StringComparison.Ordinal)
            .Replace($"\"{(string)patient["gender"]!}\"", $"\"{Marker}g{Marker}\"", StringComparison.Ordinal);

        // Alternating literal text and slot names.
        var split = text.Split(Marker);
        var parts = new List<string>();
        var slots = new List<int>();
        for (var i = 0; i < split.Length; i++)
        {
            if (i % 2 == 0)
            {
                parts.Add(split[i]);
            }
            else
            {
                slots.Add(split[i] switch { "p" => -1, "b" => -2, "g" => -3, var n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) });
            }
        }

        var templates = new NoteDocuments(original, [.. parts], [.. slots]);
        // Self-check: the template yields the intended patient and fresh keys.
        var sample = JsonNode.Parse(templates.Create(WritePatients[0]))!;
        var samplePatient = sample["entry"]!.AsArray().Select(e => e!["resource"]!).Single(r => (string?)r["resourceType"] == "Patient");
        if ((string?)samplePatient["identifier"]![0]!["value"] != WritePatients[0] || (string?)samplePatient["birthDate"] != "1961-01-18"
            || (string?)sample["identifier"]!["value"] == uuids[0])
        {
            throw new InvalidOperationException("The note template does not produce the intended document.");
        }

        return templates;
    }

    /// <summary>A new unique document for the patient (one of the test identities).</summary>
    public string Create(string personnummer)
    {
        Span<Guid> guids = stackalloc Guid[MaxUuids];
        var builder = new StringBuilder(Original.Length + 256);
        for (var i = 0; i < _parts.Length; i++)
        {
            builder.Append(_parts[i]);
            if (i >= _slots.Length)
            {
                continue;
            }

            switch (_slots[i])
            {
                case -1:
                    builder.Append(personnummer);
                    break;
                case -2:
                    // The birth date of a personnummer is its first eight digits.
                    builder.Append(personnummer, 0, 4).Append('-').Append(personnummer, 4, 2).Append('-').Append(personnummer, 6, 2);
                    break;
                case -3:
                    // The second to last digit is odd for men.
                    builder.Append((personnummer[^2] - '0') % 2 == 1 ? "male" : "female");
                    break;
                default:
                    var slot = _slots[i];
                    if (guids[slot] == Guid.Empty)
                    {
                        guids[slot] = Guid.NewGuid();
                    }

                    builder.Append("urn:uuid:").Append(guids[slot].ToString("D"));
                    break;
            }
        }

        return builder.ToString();
    }
}
