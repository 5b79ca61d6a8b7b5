namespace JournalGateway.Fhir.Profiles;

/// <summary>The profile package is missing or broken; the gateway must not start with it.</summary>
public sealed class ProfilePackageException : Exception
{
    public ProfilePackageException(string message)
        : base(message)
    {
    }

    public ProfilePackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProfilePackageException()
    {
    }
}
