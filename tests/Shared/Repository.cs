namespace Econeura.Testing;

/// <summary>Where the repository is, from a test assembly's folder; shared by the integration and end-to-end tests.</summary>
public static class Repository
{
    public static readonly string Root = FindRoot();

    /// <summary>Release or Debug: whatever this test assembly was built as, so a portal next to it is the one just built.</summary>
    public static readonly string Configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!;

    /// <summary>Screenshots, downloads and benchmark figures: <c>.local/test-results/&lt;folder&gt;</c>.</summary>
    public static string Artifacts(string folder) => Directory.CreateDirectory(Path.Combine(Root, ".local", "test-results", folder)).FullName;

    private static string FindRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Econeura.sln")))
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("Econeura.sln not found above the test assembly.");
        return directory;
    }
}
