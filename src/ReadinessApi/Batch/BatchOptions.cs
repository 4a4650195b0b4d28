using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Batch;

/// <summary>
/// Limits of one <c>POST /v1/scores/batch</c>; beyond any of them the answer is 413. Rows bound the memory of
/// <c>rank=batch</c> (about 60 bytes a row are held until the batch is ranked, a few hundred for an invalid
/// row, whose count <see cref="MaxErrorRows"/> bounds); bytes bound the upload.
/// </summary>
public sealed class BatchOptions
{
    public const string SectionName = "Batch";

    /// <summary>Most items (rows) one request may hold.</summary>
    [Range(1, 100_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Most request-body bytes one request may send.</summary>
    [Range(typeof(long), "1", "1099511627776")]
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most invalid items <c>rank=batch</c> holds until it can write them: each keeps its whole problem
    /// (a few hundred bytes, not a few numbers). <c>rank=none</c> streams errors as it meets them and has no such limit.
    /// </summary>
    [Range(0, 100_000_000)]
    public int MaxErrorRows { get; set; } = 100_000;
}
