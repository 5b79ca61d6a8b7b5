using RegionalStore.Shared;

namespace RegionalStore.JournalNotes;

internal static class JournalNoteValidator
{
    /// <summary>Inera's care documentation types.</summary>
    public static readonly string[] NoteTypes = ["utr", "atb", "sam", "sao", "ins", "slu", "auf", "sva", "bes"];

    public static readonly string[] Statuses = ["unsigned", "signed", "amended"];

    public static (NewJournalNote? Note, Validation Result) Validate(JournalNoteWrite w)
    {
        var v = new Validation();
        v.Text("externalId", w.ExternalId, 200);
        if (w.Patient is null)
        {
            v.Add("patient", "is required.");
        }
        else
        {
            v.Patient("patient", w.Patient.Id, w.Patient.IdType);
        }

        v.HsaId("careProviderHsaId", w.CareProviderHsaId);
        v.HsaId("careUnitHsaId", w.CareUnitHsaId);
        Staff(v, "author", w.Author, required: true);
        v.OneOf("noteType", w.NoteType, NoteTypes);
        v.Text("title", w.Title, 500);
        var eventTime = v.Time("eventTime", w.EventTime);
        v.OneOf("status", w.Status, Statuses);
        var signedAt = v.Time("signedAt", w.SignedAt, required: false);
        Staff(v, "signer", w.Signer, required: false);
        v.Text("supersedes", w.Supersedes, 100, required: false);

        // A signed or amended entry names who signed and when; an unsigned one may not claim a signature.
        if (w.Status is "signed" or "amended")
        {
            if (w.SignedAt is null)
            {
                v.Add("signedAt", "is required when status is signed or amended.");
            }

            if (w.Signer is null)
            {
                v.Add("signer", "is required when status is signed or amended.");
            }
        }
        else if (w.Status is "unsigned" && (w.SignedAt is not null || w.Signer is not null))
        {
            v.Add("status", "an unsigned note has no signedAt or signer.");
        }

        if (w.Keywords is null || w.Keywords.Count == 0)
        {
            v.Add("keywords", "at least one keyword is required.");
        }
        else
        {
            for (var i = 0; i < w.Keywords.Count; i++)
            {
                var k = w.Keywords[i];
                if (k is null)
                {
                    v.Add($"keywords[{i}]", "is required.");
                    continue;
                }

                v.Text($"keywords[{i}].code", k.Code, 100);
                v.Text($"keywords[{i}].label", k.Label, 200);
                if (k.Text is null)
                {
                    v.Add($"keywords[{i}].text", "is required.");
                }
                else if (k.Text.Length > 100_000)
                {
                    v.Add($"keywords[{i}].text", "must be at most 100000 characters.");
                }
            }
        }

        if (!v.IsValid)
        {
            return (null, v);
        }

        var note = new NewJournalNote(
            w.ExternalId,
            w.Patient!.Id!,
            w.Patient.IdType!,
            w.CareProviderHsaId!,
            w.CareUnitHsaId!,
            w.Author!,
            w.NoteType!,
            w.Title!,
            eventTime!.Value,
            w.Status!,
            signedAt,
            w.Signer,
            string.IsNullOrWhiteSpace(w.Supersedes) ? null : w.Supersedes,
            w.Keywords!);
        return (note, v);
    }

    private static void Staff(Validation v, string field, StaffRef? staff, bool required)
    {
        if (staff is null)
        {
            if (required)
            {
                v.Add(field, "is required.");
            }

            return;
        }

        v.HsaId($"{field}.hsaId", staff.HsaId);
        v.Text($"{field}.name", staff.Name, 200, required: false);
        v.Text($"{field}.role", staff.Role, 200, required: false);
    }
}
