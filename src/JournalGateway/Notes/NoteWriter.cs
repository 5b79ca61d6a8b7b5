using System.Globalization;
using Hl7.Fhir.Model;
using JournalGateway.Auth;
using JournalGateway.Core.Delivery;
using JournalGateway.Core.Notes;
using JournalGateway.Delivery;
using JournalGateway.Errors;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;
using JournalGateway.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace JournalGateway.Notes;

/// <summary>What a write stored and how the answer should look.</summary>
public sealed record WriteOutcome(AcceptedNote Stored, bool Created, Resource Representation, string DeliveryStatus);

/// <summary>
/// The write path after parsing: domain mapping and rules, durable acceptance in the outbox under the idempotency key,
/// then a short wait for the first delivery attempt.
/// </summary>
public sealed class NoteWriter(
    INoteOutbox outbox,
    FhirSerialization serialization,
    ProfileValidation validation,
    DeliverySignal signal,
    TimeProvider time,
    IOptions<DeliveryOptions> deliveryOptions,
    Access.CareProviderDirectory providers,
    DeliveryMetrics metrics)
{
    /// <param name="document">The note document.</param>
    /// <param name="caller">Who writes.</param>
    /// <param name="onStored">
    /// Run once when this call stored the note (not for a repeat), while the write waits for its delivery: work that
    /// must follow the durable store and precede the answer, such as the access-log entry, without adding its own
    /// wait to the writer's.
    /// </param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<WriteOutcome> AcceptDocumentAsync(Bundle document, CallerContext caller, Func<AcceptedNote, Task>? onStored, CancellationToken cancellationToken)
    {
        var key = NoteMapping.KeyOf(document.Identifier)
            ?? throw FhirProblem.Invalid("Bundle.identifier is required: it is the document's idempotency key.", "Bundle.identifier");
        if (await outbox.FindByKeyAsync(key, cancellationToken) is { } known)
        {
            return await RepeatAsync(known, cancellationToken);
        }

        await validation.EnsureValidAsync(document, cancellationToken);
        var note = NoteMapping.FromDocument(document, key, caller.CareUnit);
        EnsureCallerMayWrite(note, caller);

        var noteId = NoteIds.NoteIdFor(key);
        var bundleId = NoteIds.BundleIdFor(key);
        var now = time.GetUtcNow();
        Stamp(document, bundleId, 1, now);
        Stamp(document.Entry[0].Resource!, noteId, 1, now);

        return await AcceptAsync(document, new AcceptedNote
        {
            NoteId = noteId,
            Version = 1,
            SubmissionType = "Bundle",
            SubmissionId = bundleId,
            IdempotencyKey = key,
            Note = note,
            Representation = serialization.ToJson(document),
            AcceptedAt = now,
            NextAttemptAt = now,
        }, onStored, cancellationToken);
    }

    /// <inheritdoc cref="AcceptDocumentAsync"/>
    public async Task<WriteOutcome> AcceptCompositionAsync(Composition composition, CallerContext caller, Func<AcceptedNote, Task>? onStored, CancellationToken cancellationToken)
    {
        var key = NoteMapping.KeyOf(composition.Identifier)
            ?? throw FhirProblem.Invalid("Composition.identifier is required: it is the note's idempotency key.", "Composition.identifier");
        if (await outbox.FindByKeyAsync(key, cancellationToken) is { } known)
        {
            return await RepeatAsync(known, cancellationToken);
        }

        await validation.EnsureValidAsync(composition, cancellationToken);
        var note = NoteMapping.FromComposition(composition, key, caller.CareUnit);
        EnsureCallerMayWrite(note, caller);

        var noteId = NoteIds.NoteIdFor(key);
        var now = time.GetUtcNow();
        Stamp(composition, noteId, 1, now);
        return await AcceptAsync(composition, new AcceptedNote
        {
            NoteId = noteId,
            Version = 1,
            SubmissionType = "Composition",
            SubmissionId = noteId,
            IdempotencyKey = key,
            Note = note,
            Representation = serialization.ToJson(composition),
            AcceptedAt = now,
            NextAttemptAt = now,
        }, onStored, cancellationToken);
    }

    /// <summary>
    /// Only the custodian's own staff write its record: the custodian is the caller's care provider, and the unit the
    /// note was written at belongs to that provider (same organisation number in the HSA-id).
    /// </summary>
    private void EnsureCallerMayWrite(HslNote note, CallerContext caller)
    {
        if (!providers.IsKnown(caller.CareProvider))
        {
            throw FhirProblem.Forbidden("The caller's care provider is not connected to this gateway.");
        }

        if (note.CareProvider != caller.CareProvider)
        {
            throw FhirProblem.Forbidden("The note's custodian must be the care provider the caller works for (token care_provider).");
        }

        if (note.CareUnit.OrganisationPrefix != caller.CareProvider.OrganisationPrefix)
        {
            throw FhirProblem.Forbidden("The author's care unit does not belong to the caller's care provider.");
        }
    }

    // The submitted resource is what the representation was serialized from: when this request stored it, the answer
    // is made from it rather than parsed back from the outbox (a parse cost as much as a tenth of a write).
    private async Task<WriteOutcome> AcceptAsync(Resource submitted, AcceptedNote accepted, Func<AcceptedNote, Task>? onStored, CancellationToken cancellationToken)
    {
        var result = await outbox.AcceptAsync(accepted, cancellationToken);
        var stored = result.Stored;
        if (result.Created)
        {
            metrics.Accepted();
            var attempt = signal.WaitForAttemptAsync(stored.NoteId, stored.Version, deliveryOptions.Value.InlineWait, cancellationToken);
            // Both are awaited whatever happens to either, so that neither's failure goes unobserved.
            await Task.WhenAll(attempt, onStored?.Invoke(stored) ?? Task.CompletedTask);
            stored = stored with { State = await attempt ?? stored.State };
        }

        return Answer(stored, result.Created, result.Created ? submitted : null);
    }

    private async Task<WriteOutcome> RepeatAsync(AcceptedNote known, CancellationToken cancellationToken)
    {
        // The repeat reports the delivery state as it is now, not as it was at the first answer.
        var latest = await outbox.FindByKeyAsync(known.IdempotencyKey, cancellationToken) ?? known;
        return Answer(latest, created: false, submitted: null);
    }

    private WriteOutcome Answer(AcceptedNote stored, bool created, Resource? submitted)
    {
        var status = NoteView.StatusOf(stored.State);
        var representation = submitted ?? (stored.SubmissionType == "Bundle"
            ? serialization.FromJson<Bundle>(stored.Representation)
            : serialization.FromJson<Composition>(stored.Representation));
        var composition = representation as Composition ?? ((Bundle)representation).Entry[0].Resource!;
        CompositionMapping.SetDeliveryTag(composition, status);
        return new WriteOutcome(stored, created, representation, status);
    }

    private static void Stamp(Resource resource, string id, int version, DateTimeOffset now)
    {
        resource.Id = id;
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = now;
    }
}
