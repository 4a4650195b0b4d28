using System.ComponentModel.DataAnnotations;

namespace ReadinessApi.Batch;

/// <summary>
/// Limits of one <c>POST /v1/scores/batch</c>; beyond either the answer is 413. Rows bound the memory of
/// <c>rank=batch</c> (about 50 bytes a row are held until the batch is ranked); bytes bound the upload.
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
}
