namespace JournalGateway.Core.Access;

/// <summary>Why the caller reads patient data (the <c>X-Purpose-Of-Use</c> header).</summary>
public enum PurposeOfUse
{
    /// <summary><c>TREAT</c>: ordinary care of the patient.</summary>
    Treat,

    /// <summary><c>ETREAT</c>: nödåtkomst, emergency access without consent; always flagged for follow-up.</summary>
    EmergencyTreat,
}

/// <summary>The purpose of a request, with the reason the caller gave for an emergency.</summary>
/// <param name="Kind">TREAT or ETREAT.</param>
/// <param name="EmergencyReason">The caller's reason for nödåtkomst (decoded text); required with ETREAT.</param>
public sealed record AccessPurpose(PurposeOfUse Kind, string? EmergencyReason = null)
{
    /// <summary>Ordinary care (TREAT).</summary>
    public static AccessPurpose Treat { get; } = new(PurposeOfUse.Treat);

    /// <summary>Nödåtkomst (ETREAT) with the caller's reason.</summary>
    public static AccessPurpose Emergency(string? reason) => new(PurposeOfUse.EmergencyTreat, reason);

    /// <summary>Whether the caller asks for nödåtkomst, valid or not.</summary>
    public bool IsEmergency => Kind == PurposeOfUse.EmergencyTreat;

    /// <summary>Whether a reason was given: not empty and not only white space.</summary>
    public bool HasEmergencyReason => !string.IsNullOrWhiteSpace(EmergencyReason);

    /// <summary>The reason may name the patient's condition; it belongs in the access log only.</summary>
    public override string ToString() => IsEmergency ? "ETREAT" : "TREAT";
}
