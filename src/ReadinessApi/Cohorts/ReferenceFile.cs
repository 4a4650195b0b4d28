namespace ReadinessApi.Cohorts;

/// <summary>
/// One file of reference data (a cohort's <c>.csv</c> or <c>.json</c>, a <c>groups*.json</c>): its name as it
/// would sit in <c>Cohorts:Directory</c>, where it comes from (for messages) and its bytes.
/// </summary>
public sealed record ReferenceFile(string Name, string Origin, byte[] Bytes)
{
    /// <summary>
    /// The reference data built into the service (<c>ReferenceData/</c>: the open cohort and the World Bank groups,
    /// as the import tool wrote them), read once.
    /// </summary>
    public static IReadOnlyList<ReferenceFile> BuiltIn { get; } = ReadBuiltIn();

    /// <summary>The files at the top of <paramref name="directory"/>; hidden files (Kubernetes' <c>..data</c>, the importer's staging) and sub-folders are not reference data.</summary>
    public static IReadOnlyList<ReferenceFile> Mounted(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{CohortOptions.SectionName}:Directory '{directory}' does not exist.");
        }
        return [.. Directory.EnumerateFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(f => new ReferenceFile(Path.GetFileName(f), f, File.ReadAllBytes(f)))];
    }

    private static List<ReferenceFile> ReadBuiltIn()
    {
        const string prefix = "ReadinessApi.ReferenceData.";
        var assembly = typeof(ReferenceFile).Assembly;
        var files = new List<ReferenceFile>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            string name = resource[prefix.Length..];
            files.Add(new ReferenceFile(name, "built-in " + name, buffer.ToArray()));
        }
        return files;
    }
}
