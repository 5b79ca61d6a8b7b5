using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JournalGateway.Core.Access;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.AccessLog;

/// <summary>How a chain of access log entries is broken.</summary>
public enum ChainBreakKind
{
    /// <summary>A sequence number is skipped: entries are missing (deleted) before this one.</summary>
    SequenceGap,

    /// <summary>A sequence number repeats or goes backwards: entries are duplicated or reordered.</summary>
    SequenceOutOfOrder,

    /// <summary>The entry carries no hash or no previous hash.</summary>
    HashMissing,

    /// <summary>The entry's previous hash is not the hash of the entry before it.</summary>
    PreviousHashMismatch,

    /// <summary>The entry's content no longer matches its hash: it was changed after it was written.</summary>
    ContentAltered,
}

/// <summary>The first broken link of a chain.</summary>
/// <param name="Sequence">The sequence number of the entry where the break shows.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">An English description without personal data.</param>
public sealed record ChainBreak(long Sequence, ChainBreakKind Kind, string Detail);

/// <summary>
/// The hash chain that makes the access log tamper-evident: each entry's hash covers the previous entry's hash and
/// the entry's own canonical content, so changing, removing or reordering an entry breaks every later link.
/// (Cutting off the newest entries is detectable only against a head hash kept elsewhere.)
/// </summary>
/// <remarks>
/// Canonical content, version 1 (never change it; add a version 2 beside it). UTF-8, lines ending in LF only,
/// in this order, each <c>name=value</c>:
/// <code>
/// jg-accesslog/1
/// sequence=1                      decimal, invariant
/// time=2026-11-20T08:00:00.123456Z  UTC, whole microseconds (finer digits are dropped: databases keep microseconds)
/// action=read                     read | vread | history | search | create | update | operation
/// outcome=permitted               permitted | denied | partial
/// user=S                          S = text: its UTF-8 byte count in decimal, ':', the text ("0:" for null or empty)
/// user-name=S
/// care-unit=S
/// care-provider=S
/// provider-kind=vardgivare        vardgivare | omsorgsgivare
/// patient-kind=S                  personnummer | samordningsnummer | nationellt-reservnummer ("0:" without patient)
/// patient=S
/// purpose=TREAT                   TREAT | ETREAT
/// emergency-reason=S
/// returned=N|S|S                  N = count, then '|' and S for each reference in order
/// withheld=0                      decimal
/// reasons=N|code|code             the reason codes (AccessCodes.ToCode) in order
/// </code>
/// The length prefixes make every value unambiguous whatever characters it holds (line breaks, '|', '=').
/// The hash is SHA-256 over the ASCII previous hash (64 lower-case hex digits; <see cref="GenesisHash"/> for the first
/// entry) followed by the canonical content, written as 64 lower-case hex digits. Stores must therefore keep times to
/// the microsecond, texts exactly (null and empty are the same), and the order of lists.
/// </remarks>
public static class AccessLogChain
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private const string FormatTag = "jg-accesslog/1";

    /// <summary>The entry's canonical content (see the remarks); independent of culture and platform.</summary>
    public static string CanonicalContent(AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(CapacityFor(entry));
        AppendCanonicalContent(text, entry);
        return text.ToString();
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> for any value the canonical content has no code for (action,
    /// outcome, provider kind, patient kind, purpose, reasons): what <see cref="CanonicalContent"/> would throw for,
    /// without building it.
    /// </summary>
    public static void ThrowIfUncodable(AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _ = ActionCode(entry.Action);
        _ = OutcomeCode(entry.Outcome);
        _ = entry.ProviderKind.ToCode();
        if (entry.Patient is not null)
        {
            _ = PatientKindCode(entry.Patient.Kind);
        }

        _ = entry.Purpose.ToCode();
        foreach (var reason in entry.Reasons)
        {
            _ = reason.ToCode();
        }
    }

    /// <summary>SHA-256, as 64 lower-case hex digits, over <paramref name="previousHash"/> and the entry's canonical content.</summary>
    public static string ComputeHash(string previousHash, AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        // Every read appends an entry, so this runs on the hot path: one builder, one pooled buffer, no intermediate
        // strings. The bytes hashed are exactly UTF-8 of previousHash + CanonicalContent(entry).
        var text = new StringBuilder(previousHash, previousHash.Length + CapacityFor(entry));
        AppendCanonicalContent(text, entry);
        var length = 0;
        foreach (var chunk in text.GetChunks())
        {
            length += Encoding.UTF8.GetByteCount(chunk.Span);
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = 0;
            foreach (var chunk in text.GetChunks())
            {
                written += Encoding.UTF8.GetBytes(chunk.Span, buffer.AsSpan(written));
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The entry as the next link after <paramref name="previousHash"/>: with its sequence number, previous hash and hash.
    /// For stores, inside the transaction that reads the last entry and appends.
    /// </summary>
    public static AccessLogEntry Link(AccessLogEntry entry, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var numbered = entry with { Sequence = sequence, PreviousHash = previousHash, Hash = null };
        return numbered with { Hash = ComputeHash(previousHash, numbered) };
    }

    /// <summary>
    /// Checks a run of entries in the order given: consecutive sequence numbers, each previous hash equal to the hash
    /// before it, each hash matching the content. The first entry links to <see cref="GenesisHash"/> when its sequence is
    /// 1, otherwise to <paramref name="anchorHash"/> (the known hash of the entry before it) when given.
    /// </summary>
    /// <returns>The first broken link, or null when the run is intact.</returns>
    public static ChainBreak? Verify(IEnumerable<AccessLogEntry> entries, string? anchorHash = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long? expectedSequence = null;
        var expectedPrevious = anchorHash;
        foreach (var entry in entries)
        {
            var sequence = entry.Sequence;
            if (expectedSequence is null)
            {
                if (sequence < 1)
                {
                    return new ChainBreak(sequence, ChainBreakKind.SequenceOutOfOrder, "Sequence numbers start at 1.");
                }

                if (sequence == 1)
                {
                    expectedPrevious = GenesisHash;
                }
            }
            else if (sequence > expectedSequence)
            {
                return new ChainBreak(
                    sequence,
                    ChainBreakKind.SequenceGap,
                    string.Create(CultureInfo.InvariantCulture, $"Expected sequence {expectedSequence}, found {sequence}: {sequence - expectedSequence} entries missing."));
            }
            else if (sequence < expectedSequence)
            {
                return new ChainBreak(
                    sequence,
                    ChainBreakKind.SequenceOutOfOrder,
                    string.Create(CultureInfo.InvariantCulture, $"Expected sequence {expectedSequence}, found {sequence}: entries repeated or reordered."));
            }

            if (entry.Hash is null || entry.PreviousHash is null)
            {
                return new ChainBreak(sequence, ChainBreakKind.HashMissing, "The entry has no hash or no previous hash.");
            }

            if (expectedPrevious is not null && !string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return new ChainBreak(sequence, ChainBreakKind.PreviousHashMismatch, "The previous hash is not the hash of the entry before.");
            }

            if (!string.Equals(ComputeHash(entry.PreviousHash, entry), entry.Hash, StringComparison.Ordinal))
            {
                return new ChainBreak(sequence, ChainBreakKind.ContentAltered, "The content does not match the hash: the entry was changed.");
            }

            expectedSequence = sequence + 1;
            expectedPrevious = entry.Hash;
        }

        return null;
    }

    private static void AppendCanonicalContent(StringBuilder text, AccessLogEntry entry)
    {
        var inv = CultureInfo.InvariantCulture;
        text.Append(FormatTag).Append('\n');
        Name(text, "sequence").Append(inv, $"{entry.Sequence}").Append('\n');
        Name(text, "time").Append(inv, $"{Microseconds(entry.Time):yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'}").Append('\n');
        Line(text, "action", ActionCode(entry.Action));
        Line(text, "outcome", OutcomeCode(entry.Outcome));
        TextLine(text, "user", entry.User.Value);
        TextLine(text, "user-name", entry.UserName);
        TextLine(text, "care-unit", entry.CareUnit.Value);
        TextLine(text, "care-provider", entry.CareProvider.Value);
        Line(text, "provider-kind", entry.ProviderKind.ToCode());
        TextLine(text, "patient-kind", entry.Patient is null ? null : PatientKindCode(entry.Patient.Kind));
        TextLine(text, "patient", entry.Patient?.Value);
        Line(text, "purpose", entry.Purpose.ToCode());
        TextLine(text, "emergency-reason", entry.EmergencyReason);

        // A list is its count, then '|' before each item; returned items are length-prefixed texts, reasons codes.
        Name(text, "returned").Append(inv, $"{entry.Returned.Count}");
        foreach (var item in entry.Returned)
        {
            Text(text.Append('|'), item);
        }

        text.Append('\n');
        Name(text, "withheld").Append(inv, $"{entry.WithheldCount}").Append('\n');
        Name(text, "reasons").Append(inv, $"{entry.Reasons.Count}");
        foreach (var reason in entry.Reasons)
        {
            text.Append('|').Append(reason.ToCode());
        }

        text.Append('\n');
    }

    /// <summary>Room for the whole content in one chunk: the fixed lines, and each returned reference with its prefix.</summary>
    private static int CapacityFor(AccessLogEntry entry)
    {
        var capacity = 512 + (entry.EmergencyReason?.Length ?? 0) + (entry.UserName?.Length ?? 0) + (16 * entry.Reasons.Count);
        foreach (var item in entry.Returned)
        {
            capacity += (item?.Length ?? 0) + 8;
        }

        return capacity;
    }

    private static StringBuilder Name(StringBuilder text, string name) => text.Append(name).Append('=');

    private static void Line(StringBuilder text, string name, string value) => Name(text, name).Append(value).Append('\n');

    private static void TextLine(StringBuilder text, string name, string? value) => Text(Name(text, name), value).Append('\n');

    /// <summary>A text as its UTF-8 byte count, a colon and the text, so that no content can pass for a separator.</summary>
    private static StringBuilder Text(StringBuilder text, string? value)
    {
        value ??= string.Empty;
        return text.Append(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(value)}:").Append(value);
    }

    private static DateTime Microseconds(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc);
    }

    private static string ActionCode(AccessAction action) => action switch
    {
        AccessAction.Read => "read",
        AccessAction.VRead => "vread",
        AccessAction.History => "history",
        AccessAction.Search => "search",
        AccessAction.Create => "create",
        AccessAction.Update => "update",
        AccessAction.Operation => "operation",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static string OutcomeCode(AccessLogOutcome outcome) => outcome switch
    {
        AccessLogOutcome.Permitted => "permitted",
        AccessLogOutcome.Denied => "denied",
        AccessLogOutcome.Partial => "partial",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static string PatientKindCode(PatientIdentifierKind kind) => kind switch
    {
        PatientIdentifierKind.Personnummer => "personnummer",
        PatientIdentifierKind.Samordningsnummer => "samordningsnummer",
        PatientIdentifierKind.NationelltReservnummer => "nationellt-reservnummer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
