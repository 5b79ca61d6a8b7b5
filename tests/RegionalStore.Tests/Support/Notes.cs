namespace RegionalStore.Tests.Support;

/// <summary>Request bodies for tests, as the gateway would send them.</summary>
public static class Notes
{
    public const string Patient = "195009072553";
    public const string OtherPatient = "196101182803";
    public const string Provider = "SE2120002080-0001";
    public const string Unit = "SE2120002080-E001";

    public static Dictionary<string, object?> Body(
        string externalId,
        string patient = Patient,
        string eventTime = "2025-05-10T09:30:00+02:00",
        string noteType = "atb",
        string provider = Provider,
        string author = "SE2120002080-P001",
        string? supersedes = null,
        string status = "signed") => new()
        {
            ["externalId"] = externalId,
            ["patient"] = new { id = patient, idType = "personnummer" },
            ["careProviderHsaId"] = provider,
            ["careUnitHsaId"] = Unit,
            ["author"] = new { hsaId = author, name = "Sara Nilsson", role = "Sjuksköterska" },
            ["noteType"] = noteType,
            ["title"] = "Hembesök, såromläggning",
            ["eventTime"] = eventTime,
            ["status"] = status,
            ["signedAt"] = status == "unsigned" ? null : "2025-05-10T10:00:00+02:00",
            ["signer"] = status == "unsigned" ? null : new { hsaId = author, name = "Sara Nilsson", role = "Sjuksköterska" },
            ["supersedes"] = supersedes,
            ["keywords"] = new[]
            {
                new { code = "hud", label = "Hud", text = "Bensår vänster underben, 3 x 4 cm, rodnad i kanten." },
                new { code = "atgard", label = "Åtgärder", text = "Omläggning med skumförband." },
            },
        };

    public static Dictionary<string, object?> Document(string externalId, string patient = Patient) => new()
    {
        ["externalId"] = externalId,
        ["patient"] = new { id = patient, idType = "personnummer" },
        ["careProviderHsaId"] = "SE2120002080-OG01",
        ["careUnitHsaId"] = "SE2120002080-E900",
        ["basis"] = "SoL",
        ["serviceType"] = "hemtjanst",
        ["municipalRecordId"] = "TRESERVA-2025-000123",
        ["sourceSystem"] = "Treserva",
        ["title"] = "Genomförandeplan hemtjänst",
        ["date"] = "2025-05-02T14:00:00+02:00",
        ["author"] = new { hsaId = "SE2120002080-P900", name = "Lena Ek", role = "Biståndshandläggare" },
    };
}
