using Hl7.Fhir.Model;
using JournalGateway.Core.Access;
using JournalGateway.Core.AccessLog;
using JournalGateway.Fhir;
using JournalGateway.Fhir.Mapping;

namespace JournalGateway.AccessLog;

/// <summary>An access-log entry as a FHIR AuditEvent: who (user, unit, provider), why (purpose, emergency reason), what.</summary>
public static class AuditEventMapping
{
    private const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    public static AuditEvent ToFhir(AccessLogEntry entry)
    {
        var purpose = new CodeableConcept(ActReason, entry.Purpose.ToCode()) { Text = entry.EmergencyReason };
        var audit = new AuditEvent
        {
            Id = entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
            Subtype = [new Coding("http://hl7.org/fhir/restful-interaction", InteractionOf(entry.Action))],
            Action = entry.Action switch
            {
                AccessAction.Create => AuditEvent.AuditEventAction.C,
                AccessAction.Update => AuditEvent.AuditEventAction.U,
                AccessAction.Operation => AuditEvent.AuditEventAction.E,
                _ => AuditEvent.AuditEventAction.R,
            },
            Recorded = entry.Time,
            Outcome = entry.Outcome == AccessLogOutcome.Denied ? AuditEvent.AuditEventOutcome.N4 : AuditEvent.AuditEventOutcome.N0,
            OutcomeDesc = $"{entry.Outcome.ToString().ToLowerInvariant()}: {string.Join(", ", entry.Reasons.Select(r => r.ToCode()))}",
            PurposeOfEvent = [purpose],
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user"),
                    Who = new ResourceReference { Type = "Practitioner", Identifier = new Identifier(FhirSystems.HsaId, entry.User.Value), Display = entry.UserName },
                    Requestor = true,
                    PurposeOfUse = [purpose],
                },
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "SDLOC", "care unit"),
                    Who = new ResourceReference { Type = "Organization", Identifier = new Identifier(FhirSystems.HsaId, entry.CareUnit.Value) },
                    Requestor = false,
                },
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleClass", "PROV", entry.ProviderKind.ToCode()),
                    Who = new ResourceReference { Type = "Organization", Identifier = new Identifier(FhirSystems.HsaId, entry.CareProvider.Value) },
                    Requestor = false,
                },
            ],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "JournalGateway" } },
        };

        if (entry.Patient is { } patient)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Type = "Patient", Identifier = new Identifier(NoteMapping.SystemOf(patient.Kind), patient.Value) },
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
                Detail =
                [
                    new AuditEvent.DetailComponent { Type = "withheld", Value = new FhirString(entry.WithheldCount.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                    new AuditEvent.DetailComponent { Type = "hash", Value = new FhirString(entry.Hash ?? string.Empty) },
                    new AuditEvent.DetailComponent { Type = "previous-hash", Value = new FhirString(entry.PreviousHash ?? string.Empty) },
                ],
            });
        }

        foreach (var returned in entry.Returned)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent
            {
                What = new ResourceReference(returned),
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
            });
        }

        return audit;
    }

    private static string InteractionOf(AccessAction action) => action switch
    {
        AccessAction.Read => "read",
        AccessAction.VRead => "vread",
        AccessAction.History => "history-instance",
        AccessAction.Search => "search-type",
        AccessAction.Create => "create",
        AccessAction.Update => "update",
        _ => "operation",
    };
}
