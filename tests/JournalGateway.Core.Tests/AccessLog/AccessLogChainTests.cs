using System.Globalization;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Tests.AccessLog;

public sealed class AccessLogChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1));

    private static AccessLogEntry Entry(int n) => new()
    {
        Time = Start.AddMinutes(n),
        Action = n % 2 == 0 ? AccessAction.Search : AccessAction.Read,
        Outcome = n == 4 ? AccessLogOutcome.Partial : AccessLogOutcome.Permitted,
        User = new HsaId("SE2321000172-P001"),
        UserName = "Åsa Öberg",
        CareUnit = new HsaId("SE2321000172-E100"),
        CareProvider = new HsaId("SE2321000172-0001"),
        ProviderKind = ProviderKind.Vardgivare,
        Patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, "195009072553"),
        Purpose = n == 5 ? PurposeOfUse.EmergencyTreat : PurposeOfUse.Treat,
        EmergencyReason = n == 5 ? "Medvetslös" : null,
        Returned = [$"Composition/c{n}/_history/1"],
        WithheldCount = n == 4 ? 2 : 0,
        Reasons = n == 4 ? [AccessReason.Consent, AccessReason.BlockedAcrossProviders] : [AccessReason.OwnCareUnit],
    };

    /// <summary>What a store does on append: number and chain each entry after the last one.</summary>
    private static List<AccessLogEntry> Chain(int count)
    {
        var chain = new List<AccessLogEntry>();
        var previous = AccessLogChain.GenesisHash;
        for (var n = 1; n <= count; n++)
        {
            var linked = AccessLogChain.Link(Entry(n), n, previous);
            chain.Add(linked);
            previous = linked.Hash!;
        }

        return chain;
    }

    [Fact]
    public void Verify_ChainOfFive_IsIntact()
    {
        var chain = Chain(5);

        Assert.Null(AccessLogChain.Verify(chain));
        Assert.Equal(AccessLogChain.GenesisHash, chain[0].PreviousHash);
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash!));
    }

    [Fact]
    public void Verify_EmptyRun_IsIntact()
    {
        Assert.Null(AccessLogChain.Verify([]));
    }

    public static TheoryData<string> Tamperings() => ["time", "outcome", "user name", "patient", "purpose", "emergency reason", "returned", "withheld", "reasons"];

    private static AccessLogEntry Tamper(AccessLogEntry entry, string field) => field switch
    {
        "time" => entry with { Time = entry.Time.AddSeconds(1) },
        "outcome" => entry with { Outcome = AccessLogOutcome.Denied },
        "user name" => entry with { UserName = "Asa Oberg" },
        "patient" => entry with { Patient = new PatientIdentifier(PatientIdentifierKind.Personnummer, "196101182803") },
        "purpose" => entry with { Purpose = PurposeOfUse.EmergencyTreat },
        "emergency reason" => entry with { EmergencyReason = "Planerat besök" },
        "returned" => entry with { Returned = [] },
        "withheld" => entry with { WithheldCount = 7 },
        "reasons" => entry with { Reasons = [AccessReason.Emergency] },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Verify_OneFieldOfEntry3Changed_ReportsContentAlteredAt3(string field)
    {
        var chain = Chain(5);
        chain[2] = Tamper(chain[2], field);

        var broken = AccessLogChain.Verify(chain);

        Assert.NotNull(broken);
        Assert.Equal(3, broken.Sequence);
        Assert.Equal(ChainBreakKind.ContentAltered, broken.Kind);
    }

    [Fact]
    public void Verify_Entry3ChangedAndRehashed_ReportsTheBrokenLinkAt4()
    {
        var chain = Chain(5);
        var forged = chain[2] with { WithheldCount = 0, Reasons = [] };
        chain[2] = forged with { Hash = AccessLogChain.ComputeHash(forged.PreviousHash!, forged) };

        var broken = AccessLogChain.Verify(chain);

        Assert.Equal(new ChainBreak(4, ChainBreakKind.PreviousHashMismatch, broken!.Detail), broken);
    }

    [Fact]
    public void Verify_Entry2Deleted_ReportsTheGapAt3()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);

        var broken = AccessLogChain.Verify(chain);

        Assert.NotNull(broken);
        Assert.Equal(3, broken.Sequence);
        Assert.Equal(ChainBreakKind.SequenceGap, broken.Kind);
        Assert.Contains("expected sequence 2", broken.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Verify_Entry2DeletedAndLaterEntriesRenumbered_ReportsTheBrokenLinkAt2()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        for (var i = 1; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Sequence = i + 1 };
        }

        var broken = AccessLogChain.Verify(chain);

        Assert.NotNull(broken);
        Assert.Equal(2, broken.Sequence);
    }

    [Fact]
    public void Verify_EntriesSwapped_ReportsTheBreakWhereTheOrderFails()
    {
        var chain = Chain(5);
        (chain[2], chain[3]) = (chain[3], chain[2]);

        var broken = AccessLogChain.Verify(chain);

        Assert.Equal(4, broken!.Sequence);
        Assert.Equal(ChainBreakKind.SequenceGap, broken.Kind);
    }

    [Fact]
    public void Verify_EntryRepeated_ReportsOutOfOrder()
    {
        var chain = Chain(3);
        chain.Insert(2, chain[1]);

        var broken = AccessLogChain.Verify(chain);

        Assert.Equal(ChainBreakKind.SequenceOutOfOrder, broken!.Kind);
        Assert.Equal(2, broken.Sequence);
    }

    [Fact]
    public void Verify_FirstEntryNotLinkedToGenesis_ReportsPreviousHashMismatchAt1()
    {
        var chain = Chain(2);
        var first = chain[0] with { PreviousHash = new string('a', 64) };
        chain[0] = first with { Hash = AccessLogChain.ComputeHash(first.PreviousHash!, first) };

        var broken = AccessLogChain.Verify(chain);

        Assert.Equal(1, broken!.Sequence);
        Assert.Equal(ChainBreakKind.PreviousHashMismatch, broken.Kind);
    }

    [Fact]
    public void Verify_EntryWithoutHash_ReportsHashMissing()
    {
        var chain = Chain(3);
        chain[1] = chain[1] with { Hash = null };

        Assert.Equal(ChainBreakKind.HashMissing, AccessLogChain.Verify(chain)!.Kind);
    }

    [Fact]
    public void Verify_RunFromTheMiddle_ChecksAgainstTheAnchor()
    {
        var chain = Chain(5);
        var tail = chain.Skip(2).ToList();

        Assert.Null(AccessLogChain.Verify(tail));
        Assert.Null(AccessLogChain.Verify(tail, anchorHash: chain[1].Hash));
        var broken = AccessLogChain.Verify(tail, anchorHash: chain[0].Hash);
        Assert.Equal(new ChainBreak(3, ChainBreakKind.PreviousHashMismatch, broken!.Detail), broken);
    }

    [Fact]
    public void Verify_BreakDetails_HoldNoPersonalData()
    {
        var chain = Chain(5);
        chain[2] = Tamper(chain[2], "patient");

        var broken = AccessLogChain.Verify(chain)!;

        Assert.DoesNotContain("195009072553", broken.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("196101182803", broken.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalContent_MatchesTheDocumentedFormat()
    {
        var entry = Entry(5) with { Sequence = 5, Time = new DateTimeOffset(2026, 12, 1, 9, 35, 0, 123, 456, TimeSpan.FromHours(1)).AddTicks(7) };

        var expected =
            "jg-accesslog/1\n" +
            "sequence=5\n" +
            "time=2026-12-01T08:35:00.123456Z\n" +
            "action=read\n" +
            "outcome=permitted\n" +
            "user=17:SE2321000172-P001\n" +
            "user-name=11:Åsa Öberg\n" +
            "care-unit=17:SE2321000172-E100\n" +
            "care-provider=17:SE2321000172-0001\n" +
            "provider-kind=vardgivare\n" +
            "patient-kind=12:personnummer\n" +
            "patient=12:195009072553\n" +
            "purpose=ETREAT\n" +
            "emergency-reason=11:Medvetslös\n" +
            "returned=1|25:Composition/c5/_history/1\n" +
            "withheld=0\n" +
            "reasons=1|own-care-unit\n";
        Assert.Equal(expected, AccessLogChain.CanonicalContent(entry));
    }

    [Fact]
    public void ComputeHash_IsSha256HexOfPreviousHashAndCanonicalContent()
    {
        var entry = Entry(5) with { Sequence = 5, Time = new DateTimeOffset(2026, 12, 1, 9, 35, 0, 123, 456, TimeSpan.FromHours(1)).AddTicks(7) };

        // Computed independently (Python hashlib) from the documented format above.
        Assert.Equal(ExpectedGoldenHash, AccessLogChain.ComputeHash(AccessLogChain.GenesisHash, entry));
    }

    private const string ExpectedGoldenHash = "d33abdfab204c954c065d27e542f28a937fc59332169664a3f3b699842a8045f";

    [Fact]
    public void CanonicalContent_IsTheSameUnderSwedishAndInvariantCultures()
    {
        var entry = Entry(4) with { Sequence = 1234567, WithheldCount = 1000, Time = new DateTimeOffset(2026, 3, 29, 1, 59, 59, 999, TimeSpan.Zero) };
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        string invariant, swedish;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            invariant = AccessLogChain.CanonicalContent(entry);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("sv-SE");
            Assert.Equal("1 000", 1000.ToString("N0", CultureInfo.CurrentCulture).Replace('\u00a0', ' '));
            swedish = AccessLogChain.CanonicalContent(entry);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }

        Assert.Equal(invariant, swedish);
        Assert.Contains("sequence=1234567\n", swedish, StringComparison.Ordinal);
        Assert.Contains("withheld=1000\n", swedish, StringComparison.Ordinal);
        Assert.Contains("time=2026-03-29T01:59:59.999000Z\n", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public void CanonicalContent_SameInstantInAnotherOffset_IsTheSame()
    {
        var utc = Entry(1) with { Time = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero) };
        var local = utc with { Time = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)) };

        Assert.Equal(AccessLogChain.CanonicalContent(utc), AccessLogChain.CanonicalContent(local));
    }

    [Fact]
    public void CanonicalContent_SubMicrosecondDigits_AreDropped()
    {
        var entry = Entry(1);
        var stored = entry with { Time = entry.Time.AddTicks(9) };

        Assert.Equal(AccessLogChain.ComputeHash(AccessLogChain.GenesisHash, entry), AccessLogChain.ComputeHash(AccessLogChain.GenesisHash, stored));
    }

    [Fact]
    public void CanonicalContent_NullAndEmptyText_AreTheSame()
    {
        Assert.Equal(
            AccessLogChain.CanonicalContent(Entry(1) with { UserName = null }),
            AccessLogChain.CanonicalContent(Entry(1) with { UserName = string.Empty }));
    }

    [Fact]
    public void CanonicalContent_LengthPrefixes_KeepValuesFromForgingOtherFields()
    {
        var plain = Entry(5) with { EmergencyReason = "Medvetslös", WithheldCount = 0 };
        var forged = Entry(5) with { EmergencyReason = "Medvetslös\nwithheld=0", WithheldCount = 0 };

        Assert.NotEqual(AccessLogChain.CanonicalContent(plain), AccessLogChain.CanonicalContent(forged));
        Assert.Contains("emergency-reason=22:Medvetslös\nwithheld=0\n", AccessLogChain.CanonicalContent(forged), StringComparison.Ordinal);
    }

    [Fact]
    public void Link_AssignsSequenceAndHashes()
    {
        var linked = AccessLogChain.Link(Entry(1) with { Sequence = 99, Hash = "stale" }, 1, AccessLogChain.GenesisHash);

        Assert.Equal(1, linked.Sequence);
        Assert.Equal(AccessLogChain.GenesisHash, linked.PreviousHash);
        Assert.Equal(AccessLogChain.ComputeHash(AccessLogChain.GenesisHash, linked), linked.Hash);
    }

    [Fact]
    public void Entry_ToString_HoldsNoPersonalData()
    {
        var text = Chain(5)[4].ToString();

        Assert.DoesNotContain("195009072553", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Medvetslös", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Öberg", text, StringComparison.Ordinal);
    }
}
