using ReadinessApi.Scoring;
using ReadinessApi.Scoring.Cohorts;
using ReadinessApi.Scores;

namespace ReadinessApi.Batch;

/// <summary>What one batch asks for, resolved and validated by the endpoint.</summary>
/// <param name="Cohort">With <c>cohort=</c>: the reference cohort's ranking each row is placed in, as a single score is.</param>
internal sealed record BatchJob(
    BatchPlan Plan,
    BatchFormat Input,
    BatchFormat Output,
    bool RankBatch,
    CohortRanking? Cohort,
    int MaxRows,
    long MaxBytes,
    int MaxErrorRows = int.MaxValue,
    string? TraceId = null,
    System.Text.Encodings.Web.JavaScriptEncoder? Encoder = null,
    Action<long, long>? Progress = null);

/// <summary>How a batch went, for the endpoint's answer and its log line.</summary>
internal sealed record BatchOutcome(int Rows, int Errors, BatchFailure? Failure, bool Started, bool ClientGone)
{
    public long BytesRead { get; init; }

    /// <summary>A failure met after results began to stream: the response must be cut off.</summary>
    public bool Truncated => Failure is not null && Started;
}

/// <summary>
/// The batch loop. With <c>rank=none</c> (or a reference cohort) it reads, scores and writes row by row,
/// holding one row at a time; with <c>rank=batch</c> it keeps the few numbers per row that ranking and the
/// result need (<see cref="BatchRowStore"/>), then rescales over the batch when the methodology asks for it,
/// ranks, and writes. A whole-request failure met before the response starts is returned for a problem
/// answer; met later, it ends the stream with a last error record.
/// </summary>
internal static class BatchProcessor
{
    public static async Task<BatchOutcome> RunAsync(BatchJob job, Stream body, BatchOutput output, CancellationToken cancellationToken)
    {
        var bounded = new BoundedBody(body, job.MaxBytes);
        await using var reader = await job.Input.OpenReader(job.Plan, bounded, cancellationToken);
        if (reader.Failure is not null || bounded.Stopped)
        {
            return new(0, 0, Stop(job, bounded, 0) ?? reader.Failure, false, false) { BytesRead = bounded.BytesRead };
        }
        bounded.MarkItem();
        var writer = job.Output.CreateWriter(output, job.Plan, job.Encoder);
        var outcome = job.RankBatch
            ? await RankedAsync(job, reader, bounded, writer, output, cancellationToken)
            : await StreamedAsync(job, reader, bounded, writer, output, cancellationToken);
        return outcome with { BytesRead = bounded.BytesRead };
    }

    private static async Task<BatchOutcome> StreamedAsync(BatchJob job, BatchReader reader, BoundedBody body, BatchWriter writer,
        BatchOutput output, CancellationToken cancellationToken)
    {
        var m = job.Plan.Methodology;
        var row = new RowScoring(job.Plan);
        var (item, pillars) = (row.Item, row.Pillars);
        var cohort = job.Cohort;
        var tally = new Tally(job.Progress);
        int rows = 0, errors = 0;
        BatchFailure? failure = null;
        writer.WriteStart(Start(job));
        while (await reader.ReadAsync(item, cancellationToken))
        {
            if (body.Stopped)
            {
                // The item may be cut short: it is not scored.
                break;
            }
            body.MarkItem();
            if (++rows > job.MaxRows)
            {
                failure = BatchFailure.TooManyRows(job.MaxRows);
                rows--;
                break;
            }
            double score = double.NaN;
            int rank = 0;
            double percentile = double.NaN;
            double raw = row.Score(out double coverage);
            if (!double.IsNaN(raw))
            {
                if (cohort is null)
                {
                    score = m.Publish(raw, null);
                }
                else
                {
                    // Placed exactly as a single score with this cohort is, so a batch row and a single score agree.
                    var placement = cohort.Place(m, Scoring.Countries.CountryIndex.CodeOf(item.CountryId), raw);
                    (score, rank, percentile) = (placement.Score, placement.Rank, placement.Percentile);
                }
            }
            if (item.Error is not null)
            {
                errors++;
            }
            writer.WriteRow(new BatchResultRow
            {
                Index = item.Index,
                CountryId = item.CountryId,
                CountryText = item.CountryText,
                Year = item.Year,
                Score = score,
                Tier = double.IsNaN(score) ? -1 : m.TierIndex(score),
                Rank = rank,
                Percentile = percentile,
                Coverage = coverage,
                Pillars = pillars,
                Error = item.Error,
            });
            if (output.ShouldFlush)
            {
                tally.Report(rows, errors);
                if (!await output.FlushAsync(cancellationToken))
                {
                    return new(rows, errors, null, true, ClientGone: true);
                }
            }
        }
        tally.Report(rows, errors);
        failure ??= Stop(job, body, rows) ?? reader.Failure;
        if (failure is not null && !output.HasStarted)
        {
            output.Discard();
            return new(rows, errors, failure, false, false);
        }
        writer.WriteEnd(new BatchEnd(rows, errors, cohort is null ? null : rows - errors, failure, job.TraceId));
        bool connected = await output.FlushAsync(cancellationToken);
        return new(rows, errors, failure, true, !connected);
    }

    private static async Task<BatchOutcome> RankedAsync(BatchJob job, BatchReader reader, BoundedBody body, BatchWriter writer,
        BatchOutput output, CancellationToken cancellationToken)
    {
        var m = job.Plan.Methodology;
        var row = new RowScoring(job.Plan);
        var item = row.Item;
        var store = new BatchRowStore(row.Pillars.Length);
        var tally = new Tally(job.Progress);
        int errors = 0;
        while (await reader.ReadAsync(item, cancellationToken))
        {
            if (body.Stopped)
            {
                break;
            }
            body.MarkItem();
            if (store.Count == job.MaxRows)
            {
                return new(store.Count, errors, BatchFailure.TooManyRows(job.MaxRows), false, false);
            }
            double raw = row.Score(out double coverage);
            if (item.Error is not null && ++errors > job.MaxErrorRows)
            {
                return new(store.Count + 1, errors, BatchFailure.TooManyErrors(job.MaxErrorRows), false, false);
            }
            store.Add(item, raw, coverage, row.Pillars);
            if ((store.Count & 0xFFFF) == 0)
            {
                tally.Report(store.Count, errors);
            }
        }
        tally.Report(store.Count, errors);
        if ((Stop(job, body, store.Count) ?? reader.Failure) is { } failure)
        {
            return new(store.Count, errors, failure, false, false);
        }

        // Rescale over the batch (when the methodology says so), then rank: only now is the cohort known.
        int n = store.Count;
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = store.Raw(i);
        }
        var scale = m.Rescale == RescaleRule.None ? null : CohortScale.From(scores);
        for (int i = 0; i < n; i++)
        {
            scores[i] = m.Publish(scores[i], scale);
        }
        // Rank and percentile by the rule a cohort's ranking uses: 1 + how many score higher, share scored lower.
        var placement = new Ranking.Placement(scores);
        int ranked = placement.Count;

        writer.WriteStart(Start(job));
        for (int i = 0; i < n; i++)
        {
            double score = scores[i];
            var (rank, percentile) = double.IsNaN(score) ? (0, double.NaN) : placement.Place(score);
            writer.WriteRow(new BatchResultRow
            {
                Index = i,
                CountryId = store.CountryId(i),
                CountryText = store.CountryText(i),
                Year = store.Year(i),
                Score = score,
                Tier = double.IsNaN(score) ? -1 : m.TierIndex(score),
                Rank = rank,
                Percentile = percentile,
                Coverage = store.Coverage(i),
                Pillars = store.Pillars(i),
                Error = store.Error(i),
            });
            if (output.ShouldFlush && !await output.FlushAsync(cancellationToken))
            {
                return new(n, errors, null, true, ClientGone: true);
            }
        }
        writer.WriteEnd(new BatchEnd(n, errors, ranked, null, job.TraceId));
        bool connected = await output.FlushAsync(cancellationToken);
        return new(n, errors, null, true, !connected);
    }

    /// <summary>
    /// What both loops reuse for every row: the item a reader refills, the engine's row scorer, and the
    /// pillar values of the last row. Allocated once per batch.
    /// </summary>
    private sealed class RowScoring(BatchPlan plan)
    {
        private readonly RowScorer _scorer = new(plan.Methodology);

        public BatchItem Item { get; } = new(plan.NodeCount);
        public double[] Pillars { get; } = new double[plan.Pillars.Length];

        /// <summary>
        /// Scores the item when it is valid: fills <see cref="Pillars"/> and returns the raw 0–100 score, or NaN
        /// (after recording the 422 error, worded as a single score's, on the item when coverage is too low).
        /// </summary>
        public double Score(out double coverage)
        {
            Pillars.AsSpan().Fill(double.NaN);
            coverage = double.NaN;
            if (Item.Error is not null)
            {
                return double.NaN;
            }
            double raw = _scorer.Evaluate(Item.Values);
            coverage = _scorer.Coverage;
            _scorer.Pillars(Item.Values, Pillars);
            if (double.IsNaN(raw))
            {
                Item.CoverageError(coverage, _scorer.Methodology.MinCoverage).Add("inputs", _scorer.Shortfall());
            }
            return raw;
        }
    }

    /// <summary>Why the body stopped short, if it did: too many bytes, or an item too long (the <paramref name="index"/>th).</summary>
    private static BatchFailure? Stop(BatchJob job, BoundedBody body, int index) =>
        body.Exceeded ? BatchFailure.TooManyBytes(job.MaxBytes) : body.ItemTooLong ? BatchFailure.ItemTooLong(index) : null;

    /// <summary>Reports rows as they are read, so a long batch shows up in the rows/s metric while it runs.</summary>
    private sealed class Tally(Action<long, long>? report)
    {
        private long _rows;
        private long _errors;

        public void Report(long rows, long errors)
        {
            if (report is not null && rows > _rows)
            {
                report(rows - _rows, errors - _errors);
                _rows = rows;
                _errors = errors;
            }
        }
    }

    private static BatchStart Start(BatchJob job)
    {
        var m = job.Plan.Methodology;
        var notes = new List<string>();
        if (m.Rescale != RescaleRule.None && !job.RankBatch && job.Cohort is null)
        {
            notes.Add($"Methodology '{m.Id}' rescales scores over the cohort they are scored in; with rank=none and no cohort these are its unrescaled scores. Use rank=batch to rescale over this batch, or name a cohort.");
        }
        return new BatchStart(MethodologyReference.Of(m), job.RankBatch ? "batch" : "none", job.Cohort?.Cohort, notes);
    }
}
