namespace ReadinessApi.Import;

/// <summary>What went wrong, so the terminal message and the exit code can say it plainly.</summary>
public enum ImportFailure
{
    /// <summary>The command line is wrong (exit code 2).</summary>
    Usage,
    /// <summary>The publisher did not answer, or answered with an HTTP error (exit code 3).</summary>
    Http,
    /// <summary>The publisher's response no longer has the shape the importer knows (exit code 4).</summary>
    Schema,
    /// <summary>The data arrived but fail validation: unknown country, value out of scale, duplicate (exit code 5).</summary>
    Validation,
    /// <summary>Writing the output failed; the previous files were left in place (exit code 6).</summary>
    Output,
}

/// <summary>An import that cannot go on. Nothing has been written when it is thrown.</summary>
public sealed class ImportException(ImportFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ImportFailure Failure { get; } = failure;

    public int ExitCode => Failure switch
    {
        ImportFailure.Usage => 2,
        ImportFailure.Http => 3,
        ImportFailure.Schema => 4,
        ImportFailure.Validation => 5,
        _ => 6,
    };

    public static ImportException Schema(string what, string url, string detail) =>
        new(ImportFailure.Schema, $"{what}: the response from {url} does not have the expected shape ({detail}). The publisher may have changed its format; the importer needs updating.");
}
