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
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder(512);
        text.Append(FormatTag).Append('\n');
        Line(text, "sequence", entry.Sequence.ToString(inv));
        Line(text, "time", Microseconds(entry.Time).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv));
        Line(text, "action", ActionCode(entry.Action));
        Line(text, "outcome", OutcomeCode(entry.Outcome));
        Line(text, "user", Text(entry.User.Value));
        Line(text, "user-name", Text(entry.UserName));
        Line(text, "care-unit", Text(entry.CareUnit.Value));
        Line(text, "care-provider", Text(entry.CareProvider.Value));
        Line(text, "provider-kind", entry.ProviderKind.ToCode());
        Line(text, "patient-kind", Text(entry.Patient is null ? null : PatientKindCode(entry.Patient.Kind)));
        Line(text, "patient", Text(entry.Patient?.Value));
        Line(text, "purpose", entry.Purpose.ToCode());
        Line(text, "emergency-reason", Text(entry.EmergencyReason));
        Line(text, "returned", List(entry.Returned.Select(Text), inv));
        Line(text, "withheld", entry.WithheldCount.ToString(inv));
        Line(text, "reasons", List(entry.Reasons.Select(r => r.ToCode()), inv));
        return text.ToString();
    }

    /// <summary>SHA-256, as 64 lower-case hex digits, over <paramref name="previousHash"/> and the entry's canonical content.</summary>
    public static string ComputeHash(string previousHash, AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        var bytes = Encoding.UTF8.GetBytes(previousHash + CanonicalContent(entry));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
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

    private static void Line(StringBuilder text, string name, string value) => text.Append(name).Append('=').Append(value).Append('\n');

    private static string Text(string? value)
    {
        value ??= string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{Encoding.UTF8.GetByteCount(value)}:{value}");
    }

    private static string List(IEnumerable<string> items, CultureInfo inv)
    {
        var list = items.ToList();
        var text = new StringBuilder(list.Count.ToString(inv));
        foreach (var item in list)
        {
            text.Append('|').Append(item);
        }

        return text.ToString();
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
