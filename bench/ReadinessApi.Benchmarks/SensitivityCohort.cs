using System.Globalization;
using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Tests.Uncertainty;

namespace ReadinessApi.Benchmarks;

/// <summary>The benchmark cohort: the GAII 2024 table where ../shared/data has it, else synthetic rows of its shape.</summary>
public static class SensitivityCohort
{
    private static readonly string[] Columns = ["talent", "infrastructure", "operating_environment", "research", "development", "government_strategy", "commercial"];
    private static readonly string[] Nodes = ["talent", "infrastructure", "operatingEnvironment", "research", "development", "governmentStrategy", "commercial"];

    public static List<double[]> Gaii2024(Methodology m, out string source)
    {
        var path = FindUpwards(Path.Combine("shared", "data", "tortoise_gaii_2024.csv"));
        if (path is null)
        {
            source = "a synthetic table (../shared/data/tortoise_gaii_2024.csv not found)";
            return SyntheticCohort.Create(m, 83, seed: 2024);
        }
        source = path;
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var at = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var rows = new List<double[]>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            var inputs = Nodes.Select((id, i) => KeyValuePair.Create(id, double.Parse(cells[at[i]], CultureInfo.InvariantCulture)));
            var row = new double[m.Count];
            if (InputBinder.Bind(m, inputs, row) is { } errors)
            {
                throw new InvalidDataException($"{path}: {errors[0].Message}");
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Looks for <paramref name="relative"/> beside each ancestor of the working directory (the repo's ../shared).</summary>
    private static string? FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
