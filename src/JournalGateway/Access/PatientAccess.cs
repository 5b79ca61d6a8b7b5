using JournalGateway.Auth;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Core.Identifiers;
using JournalGateway.Errors;

namespace JournalGateway.Access;

/// <summary>What a reader may see of a set of items, and what was held back.</summary>
public sealed record Filtered<T>(IReadOnlyList<T> Allowed, int Withheld, int HiddenByBlock, IReadOnlyList<string> NamedProviders, bool Emergency);

/// <summary>
/// The read path's guard (DESIGN section 6): the request check, the access decision per item against the patient's
/// consents and blocks (fail closed), and one access-log entry for every access, allowed or refused. A read whose log
/// entry cannot be stored is refused: nothing is shown that is not logged.
/// </summary>
public sealed class PatientAccess(
    IConsentRegistry consents,
    IAccessLog accessLog,
    CareProviderDirectory providers,
    AccessMetrics metrics,
    TimeProvider time)
{
    public async Task<Filtered<T>> FilterAsync<T>(
        HttpContext http,
        AccessAction action,
        PatientIdentifier patient,
        IReadOnlyList<T> items,
        Func<T, DataItem> describe,
        Func<T, string> reference,
        CancellationToken cancellationToken)
    {
        var (caller, purpose) = CallerOf(http);
        var request = AccessPolicy.CheckRequest(caller, purpose);
        if (!request.IsPermitted)
        {
            metrics.Decided(request);
            await LogAsync(http, caller, purpose, action, patient, AccessLogOutcome.Denied, [], 0, [request.Reason], cancellationToken);
            throw FhirProblem.Forbidden(request.Explanation);
        }

        var directives = await consents.ForPatientAsync(patient, cancellationToken);
        var now = time.GetUtcNow();
        var allowed = new List<T>();
        var reasons = new HashSet<AccessReason>();
        var named = new SortedSet<string>(StringComparer.Ordinal);
        int withheld = 0, hiddenByBlock = 0;
        var emergency = false;
        foreach (var item in items)
        {
            var data = describe(item);
            var decision = AccessPolicy.Decide(new AccessRequest
            {
                Caller = caller,
                Purpose = purpose,
                Patient = patient,
                Item = data,
                Directives = directives,
                Now = now,
            });
            metrics.Decided(decision);
            reasons.Add(decision.Reason);
            emergency |= decision.IsEmergencyAccess;
            if (decision.IsPermitted)
            {
                allowed.Add(item);
                continue;
            }

            withheld++;
            if (decision.HiddenByBlock)
            {
                hiddenByBlock++;
            }

            if (decision.MayNameProvider)
            {
                named.Add(data.CareProvider.Value);
            }
        }

        var outcome = withheld == 0 ? AccessLogOutcome.Permitted
            : allowed.Count == 0 ? AccessLogOutcome.Denied
            : AccessLogOutcome.Partial;
        await LogAsync(http, caller, purpose, action, patient, outcome, [.. allowed.Select(reference)], withheld, [.. reasons], cancellationToken);
        return new Filtered<T>(allowed, withheld, hiddenByBlock, [.. named], emergency);
    }

    /// <summary>Checks and logs an access that returns no patient data items of its own (e.g. reading the access log).</summary>
    /// <remarks>Consents and the access log are read by their own scopes, without a care relationship.</remarks>
    public async Task RecordAccessAsync(HttpContext http, AccessAction action, PatientIdentifier? patient, IReadOnlyList<string> returned, CancellationToken cancellationToken)
    {
        var (caller, purpose) = CallerOf(http, requireRelationship: false);
        await LogAsync(http, caller, purpose, action, patient, AccessLogOutcome.Permitted, returned, 0, [AccessReason.RequestAllowed], cancellationToken);
    }

    private (AccessCaller Caller, AccessPurpose Purpose) CallerOf(HttpContext http, bool requireRelationship = true)
    {
        var token = http.Caller();
        if (!providers.IsKnown(token.CareProvider))
        {
            throw FhirProblem.Forbidden("The caller's care provider is not connected to this gateway.");
        }

        var caller = new AccessCaller(
            token.User,
            token.CareUnit,
            token.CareProvider,
            providers.KindOf(token.CareProvider, token.ProviderKind),
            requireRelationship ? AccessHeaders.RelationshipAsserted(http.Request) : true);
        return (caller, AccessHeaders.Purpose(http.Request));
    }

    private async Task LogAsync(
        HttpContext http,
        AccessCaller caller,
        AccessPurpose purpose,
        AccessAction action,
        PatientIdentifier? patient,
        AccessLogOutcome outcome,
        IReadOnlyList<string> returned,
        int withheld,
        IReadOnlyList<AccessReason> reasons,
        CancellationToken cancellationToken)
    {
        var entry = new AccessLogEntry
        {
            Time = time.GetUtcNow(),
            Action = action,
            Outcome = outcome,
            User = caller.User,
            UserName = http.Caller().Name,
            CareUnit = caller.CareUnit,
            CareProvider = caller.CareProvider,
            ProviderKind = caller.ProviderKind,
            Patient = patient,
            Purpose = purpose.Kind,
            EmergencyReason = purpose.EmergencyReason,
            Returned = returned,
            WithheldCount = withheld,
            Reasons = reasons,
        };
        try
        {
            await accessLog.AppendAsync([entry], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FhirProblem(ProblemKind.Unavailable,
                "The access could not be written to the access log, so nothing is shown; try again shortly.") { RetryAfterSeconds = 5 };
        }
    }
}
