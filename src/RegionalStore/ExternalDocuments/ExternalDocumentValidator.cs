using System.Text.Json.Nodes;
using RegionalStore.Shared;

namespace RegionalStore.ExternalDocuments;

internal static class ExternalDocumentValidator
{
    public static readonly string[] Bases = ["SoL", "LSS"];

    public static readonly string[] ServiceTypes = ["hemtjanst", "sarskilt-boende", "dagverksamhet", "korttidsboende", "lss-insats"];

    /// <summary>Names that would carry the document itself; its content stays in the municipality.</summary>
    private static readonly HashSet<string> ForbiddenFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "content", "data", "url", "attachment",
    };

    /// <summary>Finds any field, at any depth, that would carry document content.</summary>
    public static void RejectContent(JsonNode? node, string path, Validation v)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    if (ForbiddenFields.Contains(name))
                    {
                        v.Add(field, "a link never carries the document's content.");
                    }

                    RejectContent(value, field, v);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    RejectContent(array[i], $"{path}[{i}]", v);
                }

                break;
        }
    }

    public static (NewExternalDocument? Document, Validation Result) Validate(ExternalDocumentWrite w)
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
        v.OneOf("basis", w.Basis, Bases);
        v.OneOf("serviceType", w.ServiceType, ServiceTypes);
        if (Bases.Contains(w.Basis) && ServiceTypes.Contains(w.ServiceType)
            && (w.Basis == "LSS") != (w.ServiceType == "lss-insats"))
        {
            v.Add("serviceType", "lss-insats goes with basis LSS, the other services with SoL.");
        }

        v.Text("municipalRecordId", w.MunicipalRecordId, 200);
        v.Text("sourceSystem", w.SourceSystem, 200, required: false);
        v.Text("title", w.Title, 500, required: false);
        var date = v.Time("date", w.Date);
        if (w.Author is not null)
        {
            v.HsaId("author.hsaId", w.Author.HsaId);
            v.Text("author.name", w.Author.Name, 200, required: false);
            v.Text("author.role", w.Author.Role, 200, required: false);
        }

        if (!v.IsValid)
        {
            return (null, v);
        }

        return (new NewExternalDocument(
            w.ExternalId!,
            w.Patient!.Id!,
            w.Patient.IdType!,
            w.CareProviderHsaId!,
            w.CareUnitHsaId!,
            w.Basis!,
            w.ServiceType!,
            w.MunicipalRecordId!,
            w.SourceSystem,
            w.Title,
            date!.Value,
            w.Author), v);
    }
}
