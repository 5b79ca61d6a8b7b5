using System.Collections.Concurrent;
using Firely.Fhir.Validation;

namespace JournalGateway.Fhir.Validation;

/// <summary>
/// Remembers every answer of a schema resolver, including "no such schema", and compiles one schema at a time.
/// </summary>
/// <remarks>
/// Firely's cached resolver only keeps the schemas it found, and the validator asks for the FHIRPath system types
/// (<c>http://hl7.org/fhirpath/System.String</c> and friends, which have built-in schemas further down its list) at every
/// primitive value: each of those misses went through the whole resolver chain again, on every validation.
/// Compiling walks (and corrects in place) the catalog's StructureDefinitions with navigators that are not safe for
/// concurrent use, and every pool over the catalog compiles from them (hosts in one process share a catalog): two
/// validators compiling at once failed with "Collection was modified" and index errors. So compiling takes turns across the process; once a schema is known, reading it takes
/// no lock.
/// </remarks>
internal sealed class MemoizingSchemaResolver(IElementSchemaResolver inner) : IElementSchemaResolver
{
    private readonly ConcurrentDictionary<Canonical, ElementSchema?> _schemas = new();
    private static readonly Lock Compiling = new();

    public ElementSchema? GetSchema(Canonical schemaUri)
    {
        if (_schemas.TryGetValue(schemaUri, out var known))
        {
            return known;
        }

        // Compiling a schema may ask for others on the same thread; the lock is re-entrant.
        lock (Compiling)
        {
            return _schemas.GetOrAdd(schemaUri, inner.GetSchema);
        }
    }
}
