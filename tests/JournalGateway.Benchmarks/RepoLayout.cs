using System.Reflection;

namespace JournalGateway.Benchmarks;

/// <summary>Where the gateway's and the regional store's builds are, found from this program's own location.</summary>
internal sealed class RepoLayout
{
    private RepoLayout(string root, string configuration, string targetFramework)
    {
        Root = root;
        Configuration = configuration;
        TargetFramework = targetFramework;
    }

    public string Root { get; }

    /// <summary>The configuration this program was built in; the project references build the servers in the same one.</summary>
    public string Configuration { get; }

    public string TargetFramework { get; }

    public static RepoLayout Locate()
    {
        // Walk up from the build output to the solution: no machine path is written anywhere.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JournalGateway.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"JournalGateway.sln was not found above {AppContext.BaseDirectory}; run the benchmark from its build in the repository.");
        }

        var metadata = typeof(RepoLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return new RepoLayout(directory.FullName, metadata.GetValueOrDefault("BuildConfiguration") ?? "Release", metadata.GetValueOrDefault("TargetFramework") ?? "net10.0");
    }

    /// <summary>The build output folder of a project under src/ (bin/CONFIGURATION/TFM).</summary>
    public string OutputOf(string project)
    {
        var folder = Path.Combine(Root, "src", project, "bin", Configuration, TargetFramework);
        var dll = Path.Combine(folder, project + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{project} is not built in {Configuration}: run `dotnet build -c {Configuration} src/{project}` (dotnet run of the benchmark does it through its project references).", dll);
        }

        return folder;
    }
}
