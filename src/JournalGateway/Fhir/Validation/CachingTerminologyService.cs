using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Terminology;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Remembers the answers of a terminology service. Validation asks it about every coded element, and the same
/// questions (this status in that value set, this gender, this narrative status) come with every note; against the
/// gateway's fixed value sets an answer never changes, so each is worked out once.
/// </summary>
/// <remarks>
/// Measured on the note document: <see cref="LocalTerminologyService"/> took about 40 % of validation time, mostly
/// building and reading Parameters and OperationOutcome objects per code. Answers are handed out as copies. The cache is
/// bounded: when full it starts over, so unusual codes cannot make it grow without limit.
/// </remarks>
internal sealed class CachingTerminologyService(ICodeValidationTerminologyService inner, int capacity = 50_000) : ICodeValidationTerminologyService
{
    private readonly ConcurrentDictionary<string, Parameters> _validateCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Parameters> _subsumes = new(StringComparer.Ordinal);
    private readonly FhirJsonSerializer _serializer = new();
    private static readonly SemaphoreSlim Asking = new(1, 1);

    public Task<Parameters> ValueSetValidateCode(Parameters parameters, string? id = null, bool useGet = false) =>
        CachedAsync(_validateCode, parameters, id, () => inner.ValueSetValidateCode(parameters, id, useGet));

    public Task<Parameters> Subsumes(Parameters parameters, string? id = null, bool useGet = false) =>
        CachedAsync(_subsumes, parameters, id, () => inner.Subsumes(parameters, id, useGet));

    private async Task<Parameters> CachedAsync(
        ConcurrentDictionary<string, Parameters> answers, Parameters question, string? id, Func<Task<Parameters>> ask)
    {
        // The question in full (value set, code, system, display, coding, abstract ...) is the key.
        var key = id + "|" + _serializer.SerializeToString(question);
        if (answers.TryGetValue(key, out var known))
        {
            return (Parameters)known.DeepCopy();
        }

        // The local service expands value sets in place, on the catalog's instances, which every pool over the catalog
        // uses (hosts in one process share a catalog): new questions take turns across the process.
        await Asking.WaitAsync().ConfigureAwait(false);
        try
        {
            if (answers.TryGetValue(key, out known))
            {
                return (Parameters)known.DeepCopy();
            }

            var answer = await ask().ConfigureAwait(false);
            if (answers.Count >= capacity)
            {
                answers.Clear();
            }

            answers[key] = (Parameters)answer.DeepCopy();
            return answer;
        }
        finally
        {
            Asking.Release();
        }
    }
}
