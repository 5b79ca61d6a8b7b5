using JournalGateway.Core.Identifiers;

namespace JournalGateway.Core.Access;

/// <summary>
/// The gateway's durable store of patients' consents, blocks and lifts. Directives are never deleted: withdrawing one
/// sets it inactive, so that past access decisions stay explainable. Every call has committed before it returns.
/// </summary>
public interface IConsentRegistry
{
    /// <summary>Stores a new directive under its <see cref="ConsentDirective.Id"/>.</summary>
    /// <returns>True when stored; false when the id is already known (nothing is changed).</returns>
    Task<bool> AddAsync(ConsentDirective directive, CancellationToken cancellationToken);

    /// <summary>One directive by id, in its current status, or null.</summary>
    Task<ConsentDirective?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Every directive of the patient, in any status and validity, oldest recorded first; the access policy decides
    /// which of them count now. Matches the identifier exactly (kind and value).
    /// </summary>
    Task<IReadOnlyList<ConsentDirective>> ForPatientAsync(PatientIdentifier patient, CancellationToken cancellationToken);

    /// <summary>Sets a directive's status (in practice: withdraws it by setting it inactive).</summary>
    /// <returns>The directive as stored after the change, or null when the id is unknown.</returns>
    Task<ConsentDirective?> SetStatusAsync(string id, ConsentStatus status, CancellationToken cancellationToken);
}
