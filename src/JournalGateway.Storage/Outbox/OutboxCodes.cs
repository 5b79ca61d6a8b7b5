using JournalGateway.Core.Delivery;
using JournalGateway.Core.Identifiers;

namespace JournalGateway.Storage.Outbox;

/// <summary>
/// The text stored for enums. Spelled out rather than <c>ToString()</c>, so renaming a C# member never
/// changes what is on disk.
/// </summary>
internal static class OutboxCodes
{
    public const string Pending = "pending";
    public const string Delivering = "delivering";
    public const string Delivered = "delivered";
    public const string DeadLetter = "dead_letter";

    public static string ToCode(DeliveryState state) => state switch
    {
        DeliveryState.Pending => Pending,
        DeliveryState.Delivering => Delivering,
        DeliveryState.Delivered => Delivered,
        DeliveryState.DeadLetter => DeadLetter,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown delivery state."),
    };

    public static DeliveryState ToState(string code) => code switch
    {
        Pending => DeliveryState.Pending,
        Delivering => DeliveryState.Delivering,
        Delivered => DeliveryState.Delivered,
        DeadLetter => DeliveryState.DeadLetter,
        _ => throw new InvalidDataException($"Unknown delivery state '{code}' in the outbox."),
    };

    public static string ToCode(PatientIdentifierKind kind) => kind switch
    {
        PatientIdentifierKind.Personnummer => "personnummer",
        PatientIdentifierKind.Samordningsnummer => "samordningsnummer",
        PatientIdentifierKind.NationelltReservnummer => "nationellt_reservnummer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown patient identifier kind."),
    };

    public static PatientIdentifierKind ToPatientKind(string code) => code switch
    {
        "personnummer" => PatientIdentifierKind.Personnummer,
        "samordningsnummer" => PatientIdentifierKind.Samordningsnummer,
        "nationellt_reservnummer" => PatientIdentifierKind.NationelltReservnummer,
        _ => throw new InvalidDataException($"Unknown patient identifier kind '{code}' in the outbox."),
    };

    /// <summary>Operators read last_error; a runaway exception message must not bloat the row.</summary>
    public static string TrimError(string error) => error.Length <= 2000 ? error : error[..2000];
}
