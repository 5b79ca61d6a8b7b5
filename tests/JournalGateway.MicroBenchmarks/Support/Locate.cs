namespace JournalGateway.MicroBenchmarks.Support;

/// <summary>Finds files the build places beside the program.</summary>
internal static class Locate
{
    /// <summary>
    /// The first <paramref name="relative"/> in the base directory or a folder above it. BenchmarkDotNet runs each
    /// benchmark from a program it builds in a folder below this one, so beside the executable is not enough.
    /// </summary>
    public static string Upwards(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} was not found beside the program or in a folder above it.");
    }
}
