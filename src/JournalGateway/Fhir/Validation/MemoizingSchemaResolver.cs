using System.Collections.Concurrent;
using Firely.Fhir.Validation;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Remembers every answer of a schema resolver, including "no such schema". Firely's cached resolver only keeps the
/// schemas it found, and the validator asks for the FHIRPath system types (<c>http://hl7.org/fhirpath/System.String</c>
/// and friends, which have built-in schemas further down its list) at every primitive value: each of those misses went
/// through the whole resolver chain again, on every validation.
/// </summary>
internal sealed class MemoizingSchemaResolver(IElementSchemaResolver inner) : IElementSchemaResolver
{
    private readonly ConcurrentDictionary<Canonical, ElementSchema?> _schemas = new();

    public ElementSchema? GetSchema(Canonical schemaUri) => _schemas.GetOrAdd(schemaUri, inner.GetSchema);
}
