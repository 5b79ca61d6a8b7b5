using JournalGateway.Auth;
using JournalGateway.Core.Delivery;
using JournalGateway.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JournalGateway.Delivery;

/// <summary>One outbox entry as operators see it: delivery bookkeeping only, never patient data or note text.</summary>
public sealed record DeliveryView(
    string NoteId,
    int Version,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DeliveredAt)
{
    public static DeliveryView Of(AcceptedNote note) => new(
        note.NoteId,
        note.Version,
        DeliveriesAdminApi.StateCode(note.State),
        note.Attempts,
        note.NextAttemptAt,
        note.LastError,
        note.AcceptedAt,
        note.DeliveredAt);
}

/// <summary>
/// The operators' view of the outbox (DESIGN section 7): list by delivery state, and put a dead letter back to pending.
/// Requires an operator scope such as <c>system/Delivery.rsu</c>.
/// </summary>
public static class DeliveriesAdminApi
{
    public const string Scope = "Delivery";
    public const int DefaultMax = 100;
    public const int MaxMax = 1000;

    private static readonly Dictionary<string, DeliveryState> States = new(StringComparer.Ordinal)
    {
        ["pending"] = DeliveryState.Pending,
        ["delivering"] = DeliveryState.Delivering,
        ["delivered"] = DeliveryState.Delivered,
        ["dead-letter"] = DeliveryState.DeadLetter,
    };

    public static IEndpointRouteBuilder MapDeliveriesAdmin(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/admin/deliveries").WithTags("Admin");
        deliveries.MapGet("/", List).RequireScope(Scope, 's', 'r');
        deliveries.MapPost("/{noteId}/{version:int}/requeue", Requeue).RequireScope(Scope, 'u');
        return app;
    }

    public static string StateCode(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivering => "delivering",
        DeliveryState.Delivered => "delivered",
        DeliveryState.DeadLetter => "dead-letter",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    internal static async Task<Ok<DeliveryView[]>> List(string? state, int? max, INoteOutbox outbox, CancellationToken ct)
    {
        if (state is null || !States.TryGetValue(state, out var parsed))
        {
            throw FhirProblem.Malformed($"state is required: one of {string.Join(", ", States.Keys)}.", "state");
        }

        var limit = max ?? DefaultMax;
        if (limit is < 1 or > MaxMax)
        {
            throw FhirProblem.Malformed($"max must be between 1 and {MaxMax}.", "max");
        }

        var notes = await outbox.ListByStateAsync(parsed, limit, ct);
        return TypedResults.Ok(notes.Select(DeliveryView.Of).ToArray());
    }

    internal static async Task<Ok<DeliveryView>> Requeue(string noteId, int version, INoteOutbox outbox, TimeProvider time, CancellationToken ct)
    {
        var note = await outbox.FindNoteAsync(noteId, version, ct)
            ?? throw FhirProblem.NotFound($"No outbox entry for note {noteId} version {version}.");
        if (!await outbox.RequeueAsync(noteId, version, time.GetUtcNow(), ct))
        {
            throw new FhirProblem(ProblemKind.Conflict,
                $"Only a dead letter can be requeued; note {noteId} version {version} is {StateCode(note.State)}.");
        }

        var requeued = await outbox.FindNoteAsync(noteId, version, ct) ?? note;
        return TypedResults.Ok(DeliveryView.Of(requeued));
    }
}
