using JournalGateway.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JournalGateway.Tests.Auth;

public sealed class DevIssuerTests
{
    [Fact]
    public void Start_WithDevIssuerOutsideDevelopment_RefusesWithAClearMessage()
    {
        using var factory = new WebApplicationFactory<JournalGateway.Fhir.FhirSerialization>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Authentication:DevIssuer:Enabled", "true");
            builder.UseSetting("Storage:Sqlite:Path", Path.Combine(Path.GetTempPath(), $"jg-{Guid.NewGuid():N}.db"));
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("DevIssuer", error.ToString(), StringComparison.Ordinal);
    }
}
