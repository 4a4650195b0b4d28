namespace ReadinessApi.Import.Cohorts;

/// <summary>A file to write, by its path relative to the output directory.</summary>
public sealed record OutputFile(string RelativePath, byte[] Content);
