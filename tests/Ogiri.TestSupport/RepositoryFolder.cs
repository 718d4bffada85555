namespace Ogiri.TestSupport;

/// <summary>The checkout the tests run from, found upwards from the test binaries.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ogiri.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("the repository root (with Ogiri.sln) was not found above the test binaries");
    }
}
