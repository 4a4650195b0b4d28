namespace ReadinessApi.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds ReadinessApi.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ReadinessApi.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("ReadinessApi.sln not found above " + AppContext.BaseDirectory);
    }
}
