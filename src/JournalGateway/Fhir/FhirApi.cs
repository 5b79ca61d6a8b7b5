using JournalGateway.AccessLog;
using JournalGateway.Conformance;
using JournalGateway.Consents;
using JournalGateway.Core.Delivery;
using JournalGateway.Delivery;
using JournalGateway.Fhir.Profiles;
using JournalGateway.Fhir.Validation;
using JournalGateway.Notes;
using JournalGateway.References;
using Microsoft.Extensions.Options;

namespace JournalGateway.Fhir;

/// <summary>The FHIR API's services and routes under <c>/fhir</c>.</summary>
public static class FhirApi
{
    public static WebApplicationBuilder AddFhirApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FhirSerialization>();
        builder.Services.AddSingleton<FhirRequestBody>();
        builder.Services.AddSingleton<NoteWriter>();
        builder.Services.AddSingleton<NoteReader>();
        builder.Services.AddSingleton<CompositionJsonCache>();
        builder.Services.AddFhirProfiles(builder.Configuration);
        builder.Services.AddSingleton<ValidationMetrics>();
        builder.Services.AddSingleton<ProfileValidation>();
        builder.Services.AddSingleton<ISupportedProfiles>(services => services.GetRequiredService<ProfileValidation>());
        builder.Services.AddHealthChecks().AddCheck<ValidatorWarmHealthCheck>(Hosting.WarmingUpChecks.Validators, tags: ["ready"]);
        return builder;
    }

    /// <summary>Store-and-forward delivery: the deliverer from the core and the worker that drives it.</summary>
    public static WebApplicationBuilder AddNoteDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<DeliveryOptions>>().Value.ToPolicy());
        builder.Services.AddSingleton<NoteDeliverer>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<DeliveryMetrics>();
        builder.Services.AddHostedService<DeliveryWorker>();
        return builder;
    }

    public static WebApplication MapFhirApi(this WebApplication app)
    {
        var fhir = app.MapGroup("/fhir");
        fhir.MapCapabilityStatement();
        fhir.MapConformanceResources();
        fhir.MapValidateOperation();
        fhir.MapNotesApi();
        fhir.MapConsentsApi();
        fhir.MapAccessLogApi();
        fhir.MapSolReferencesApi();
        return app;
    }
}
