using Hl7.Fhir.Model;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;

namespace JournalGateway.Tests.Profiles;

/// <summary>
/// The first validations on a new catalog compile schemas and expand value sets on definitions that every catalog and
/// pool in the process shares. Hosts in one process (and a host's first requests next to its warm-up) do that at the
/// same time; each must still get the outcome it would get alone. Before this was made safe, about four runs in five of
/// this test failed with "Invalid snapshot generator state", "Collection was modified" or index errors.
/// </summary>
public class ConcurrentFirstValidationTests
{
    [Fact]
    public async System.Threading.Tasks.Task Cold_pools_validating_at_once_on_a_new_catalog_all_find_the_note_document_valid()
    {
        for (var round = 0; round < 3; round++)
        {
            var catalog = await ProfileCatalog.LoadAsync(ProfileFixture.PackageDirectory);
            var pools = Enumerable.Range(0, 6).Select(_ => new FhirValidatorPool(catalog, size: 2)).ToArray();
            try
            {
                var outcomes = await System.Threading.Tasks.Task.WhenAll(pools.Select(pool => System.Threading.Tasks.Task.Run(
                    async () => await pool.ValidateAsync(ProfileFixture.Example<Bundle>("hsl-note-document.json")))));

                Assert.All(outcomes, outcome => Assert.Empty(outcome.Errors()));
            }
            finally
            {
                foreach (var pool in pools)
                {
                    pool.Dispose();
                }
            }
        }
    }
}
