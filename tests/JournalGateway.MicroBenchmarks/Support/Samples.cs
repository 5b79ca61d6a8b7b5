namespace JournalGateway.MicroBenchmarks.Support;

/// <summary>The standard note document (Composition, Patient, Practitioner, PractitionerRole, Organizations), about 5 KB.</summary>
internal static class Samples
{
    public static byte[] DocumentBytes() => File.ReadAllBytes(Locate.Upwards(Path.Combine("Samples", "hsl-note-document.json")));
}
