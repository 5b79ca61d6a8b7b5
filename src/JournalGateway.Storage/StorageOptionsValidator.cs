using Microsoft.Extensions.Options;

namespace JournalGateway.Storage;

/// <summary>The checks data annotations cannot express: what the chosen engine needs.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Storage:Provider must be {StorageProvider.Sqlite} or {StorageProvider.PostgreSql}.");
        }

        if (options.Provider == StorageProvider.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(options.Sqlite?.Path))
            {
                failures.Add("Storage:Sqlite:Path is required when Storage:Provider is Sqlite.");
            }
            else if (options.Sqlite.BusyTimeoutMs is < 100 or > 600_000)
            {
                failures.Add("Storage:Sqlite:BusyTimeoutMs must be between 100 and 600000.");
            }
        }

        if (options.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.PostgreSql?.ConnectionString))
        {
            failures.Add("Storage:PostgreSql:ConnectionString is required when Storage:Provider is PostgreSql.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
