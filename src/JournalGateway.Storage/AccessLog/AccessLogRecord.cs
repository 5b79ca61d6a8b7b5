using System.Text.Json;
using System.Text.Json.Serialization;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Storage.Outbox;

namespace JournalGateway.Storage.AccessLog;

/// <summary>
/// An access log row apart from its time, which each engine stores in its own type (a subclass adds it). Every field of the entry has
/// exactly one column, so what the verifier hashes is what queries return. Codes are spelled out rather than
/// <c>ToString()</c>, so renaming a C# member never changes what is on disk.
/// </summary>
internal class AccessLogRecord
{
    public const string Columns = """
        sequence, time, action, outcome, user_hsa_id, user_name, care_unit, care_provider, provider_kind,
        patient_kind, patient_value, purpose, emergency_reason, returned_json, withheld_count, reasons_json,
        previous_hash, hash
        """;

    public const string SelectColumns = """
        sequence AS Sequence, time AS Time, action AS Action, outcome AS Outcome, user_hsa_id AS UserHsaId,
        user_name AS UserName, care_unit AS CareUnit, care_provider AS CareProvider, provider_kind AS ProviderKind,
        patient_kind AS PatientKind, patient_value AS PatientValue, purpose AS Purpose,
        emergency_reason AS EmergencyReason, returned_json AS ReturnedJson, withheld_count AS WithheldCount,
        reasons_json AS ReasonsJson, previous_hash AS PreviousHash, hash AS Hash
        """;

    private static readonly Dictionary<string, AccessReason> ReasonsByCode =
        Enum.GetValues<AccessReason>().ToDictionary(r => r.ToCode(), StringComparer.Ordinal);

    public long Sequence { get; init; }
    public string Action { get; init; } = "";
    public string Outcome { get; init; } = "";
    public string UserHsaId { get; init; } = "";
    public string? UserName { get; init; }
    public string CareUnit { get; init; } = "";
    public string CareProvider { get; init; } = "";
    public string ProviderKind { get; init; } = "";
    public string? PatientKind { get; init; }
    public string? PatientValue { get; init; }
    public string Purpose { get; init; } = "";
    public string? EmergencyReason { get; init; }
    public string ReturnedJson { get; init; } = "[]";
    public long WithheldCount { get; init; }
    public string ReasonsJson { get; init; } = "[]";
    public string PreviousHash { get; init; } = "";
    public string Hash { get; init; } = "";

    /// <summary>The entry's time as the chain sees it: UTC, whole microseconds.</summary>
    public static DateTimeOffset StoredTime(DateTimeOffset time)
    {
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Checks an entry can be stored (and hashed) before any transaction starts, so that one bad entry is refused
    /// on its own instead of failing a whole batch.
    /// </summary>
    public static void Guard(AccessLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Returned, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Reasons, nameof(entry));
        if (entry.User.Value is null || entry.CareUnit.Value is null || entry.CareProvider.Value is null)
        {
            throw new ArgumentException("An access log entry needs the user, care unit and care provider.", nameof(entry));
        }

        if (entry.WithheldCount < 0)
        {
            throw new ArgumentException("The withheld count cannot be negative.", nameof(entry));
        }

        // Throws for any enum value without a code (action, outcome, kinds, purpose, reasons).
        AccessLogChain.ThrowIfUncodable(entry);
    }

    public static AccessLogRecord From(AccessLogEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Action = ToCode(entry.Action),
        Outcome = ToCode(entry.Outcome),
        UserHsaId = entry.User.Value,
        UserName = entry.UserName,
        CareUnit = entry.CareUnit.Value,
        CareProvider = entry.CareProvider.Value,
        ProviderKind = entry.ProviderKind.ToCode(),
        PatientKind = entry.Patient is null ? null : OutboxCodes.ToCode(entry.Patient.Kind),
        PatientValue = entry.Patient?.Value,
        Purpose = entry.Purpose.ToCode(),
        EmergencyReason = entry.EmergencyReason,
        ReturnedJson = JsonSerializer.Serialize([.. entry.Returned], AccessLogJsonContext.Default.StringArray),
        WithheldCount = entry.WithheldCount,
        ReasonsJson = JsonSerializer.Serialize([.. entry.Reasons.Select(r => r.ToCode())], AccessLogJsonContext.Default.StringArray),
        PreviousHash = entry.PreviousHash ?? throw new ArgumentException("The entry is not linked.", nameof(entry)),
        Hash = entry.Hash ?? throw new ArgumentException("The entry is not linked.", nameof(entry)),
    };

    public AccessLogEntry ToEntry(DateTimeOffset time) => new()
    {
        Sequence = Sequence,
        Time = time,
        Action = ToAction(Action),
        Outcome = ToOutcome(Outcome),
        User = new HsaId(UserHsaId),
        UserName = UserName,
        CareUnit = new HsaId(CareUnit),
        CareProvider = new HsaId(CareProvider),
        ProviderKind = AccessCodes.TryParseProviderKind(ProviderKind, out var kind)
            ? kind
            : throw new InvalidDataException($"Unknown provider kind '{ProviderKind}' in the access log."),
        Patient = PatientKind is null || PatientValue is null
            ? null
            : new PatientIdentifier(OutboxCodes.ToPatientKind(PatientKind), PatientValue),
        Purpose = AccessCodes.TryParsePurposeOfUse(Purpose, out var purpose)
            ? purpose
            : throw new InvalidDataException($"Unknown purpose '{Purpose}' in the access log."),
        EmergencyReason = EmergencyReason,
        Returned = Strings(ReturnedJson),
        WithheldCount = checked((int)WithheldCount),
        Reasons = [.. Strings(ReasonsJson).Select(code => ReasonsByCode.TryGetValue(code, out var reason)
            ? reason
            : throw new InvalidDataException($"Unknown reason code '{code}' in the access log."))],
        PreviousHash = PreviousHash,
        Hash = Hash,
    };

    public static string ToCode(PurposeOfUse purpose) => purpose.ToCode();

    public static string ToPatientKindCode(PatientIdentifierKind kind) => OutboxCodes.ToCode(kind);

    private static string[] Strings(string json) =>
        JsonSerializer.Deserialize(json, AccessLogJsonContext.Default.StringArray)
        ?? throw new InvalidDataException("An access log list is null.");

    private static string ToCode(AccessAction action) => action switch
    {
        AccessAction.Read => "read",
        AccessAction.VRead => "vread",
        AccessAction.History => "history",
        AccessAction.Search => "search",
        AccessAction.Create => "create",
        AccessAction.Update => "update",
        AccessAction.Operation => "operation",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown access action."),
    };

    private static AccessAction ToAction(string code) => code switch
    {
        "read" => AccessAction.Read,
        "vread" => AccessAction.VRead,
        "history" => AccessAction.History,
        "search" => AccessAction.Search,
        "create" => AccessAction.Create,
        "update" => AccessAction.Update,
        "operation" => AccessAction.Operation,
        _ => throw new InvalidDataException($"Unknown action '{code}' in the access log."),
    };

    private static string ToCode(AccessLogOutcome outcome) => outcome switch
    {
        AccessLogOutcome.Permitted => "permitted",
        AccessLogOutcome.Denied => "denied",
        AccessLogOutcome.Partial => "partial",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown access outcome."),
    };

    private static AccessLogOutcome ToOutcome(string code) => code switch
    {
        "permitted" => AccessLogOutcome.Permitted,
        "denied" => AccessLogOutcome.Denied,
        "partial" => AccessLogOutcome.Partial,
        _ => throw new InvalidDataException($"Unknown outcome '{code}' in the access log."),
    };
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(string[]))]
internal sealed partial class AccessLogJsonContext : JsonSerializerContext;
