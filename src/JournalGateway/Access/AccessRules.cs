namespace JournalGateway.Access;

public static class AccessRules
{
    /// <summary>The SVOD access rules on every read path, the configured care providers, and the access log writer.</summary>
    public static WebApplicationBuilder AddAccessRules(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<List<CareProviderSettings>>(builder.Configuration.GetSection("CareProviders"));
        builder.Services.AddSingleton<CareProviderDirectory>();
        builder.Services.AddSingleton<AccessMetrics>();
        builder.Services.AddSingleton<PatientAccess>();
        builder.Services.AddOptions<AccessLog.AccessLogRetentionOptions>()
            .BindConfiguration(AccessLog.AccessLogRetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<AccessLog.AccessLogRetentionService>();
        return builder;
    }
}
