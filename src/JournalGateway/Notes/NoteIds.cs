using System.Security.Cryptography;
using System.Text;

namespace JournalGateway.Notes;

/// <summary>
/// Server ids derived from the writer's idempotency key, so the same note gets the same id on every instance, every
/// repeat, and when it is read back from the regional record (which keeps the key as its external id).
/// </summary>
public static class NoteIds
{
    private const string RegionalPrefix = "regional-";

    public static string NoteIdFor(string idempotencyKey) => Hash("note", idempotencyKey);

    public static string BundleIdFor(string idempotencyKey) => Hash("bundle", idempotencyKey);

    /// <summary>The id of a note written natively in the regional record (no key from us).</summary>
    public static string ForRegionalNote(string regionalId) => RegionalPrefix + regionalId;

    public static bool TryGetRegionalId(string id, out string regionalId)
    {
        regionalId = id.StartsWith(RegionalPrefix, StringComparison.Ordinal) ? id[RegionalPrefix.Length..] : string.Empty;
        return regionalId.Length > 0;
    }

    /// <summary>The idempotency key of version <paramref name="version"/> of a note first posted under <paramref name="key"/>.</summary>
    public static string VersionKey(string key, int version) => version == 1 ? key : $"{key}#v{version}";

    /// <summary>The first 32 hex digits of SHA-256 over <c>kind \n key</c>.</summary>
    /// <remarks>Every note of every search is named through here: spans instead of intermediate strings and arrays.</remarks>
    private static string Hash(string kind, string key)
    {
        var length = Encoding.UTF8.GetByteCount(kind) + 1 + Encoding.UTF8.GetByteCount(key);
        Span<byte> input = length > 512 ? new byte[length] : stackalloc byte[length];
        var written = Encoding.UTF8.GetBytes(kind, input);
        input[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(key, input[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..written], hash);
        // 16 bytes are the first 32 hex digits of the whole hash.
        return Convert.ToHexStringLower(hash[..16]);
    }
}
