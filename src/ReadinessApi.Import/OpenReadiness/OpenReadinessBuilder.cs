using System.Globalization;
using ReadinessApi.Import.Cohorts;

namespace ReadinessApi.Import.OpenReadiness;

/// <summary>The cohort, every input and intermediate number behind it, and its coverage.</summary>
public sealed record OpenReadinessBuild(
    CohortTable Cohort,
    IReadOnlyList<ProvenanceRow> Provenance,
    IReadOnlyDictionary<string, NodeCoverage> Coverage,
    IReadOnlyDictionary<string, NodeCoverage> IndicatorCoverage);

/// <summary>
/// The mapping's arithmetic, with no I/O: for each candidate economy and sub-pillar, look up each
/// indicator, subtract, divide by population, normalise on the goalposts (or score the category), and
/// take the weighted mean of the indicators present when enough are present.
/// </summary>
public static class OpenReadinessBuilder
{
    public static OpenReadinessBuild Build(OpenReadinessMapping mapping, IReadOnlyList<(string Iso3, string Name)> candidates,
        SourceSnapshot data, string cohortId)
    {
        var methodology = Scoring.MethodologyCatalog.Embedded[mapping.Methodology];
        // Columns in the methodology's order, so the CSV reads like the tree.
        var subPillars = methodology.Nodes.Where(n => n.IsLeaf)
            .Select(n => mapping.SubPillars.First(s => s.Node == n.Id)).ToList();
        var rows = new List<CohortRow>();
        var provenance = new List<ProvenanceRow>();
        var indicatorCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sp in subPillars)
        {
            foreach (var i in sp.Indicators)
            {
                indicatorCounts[$"{sp.Node}.{i.Id}"] = 0;
            }
        }

        foreach (var (iso3, name) in candidates)
        {
            var values = new double?[subPillars.Count];
            for (int s = 0; s < subPillars.Count; s++)
            {
                var sp = subPillars[s];
                if (sp.Indicators.Count == 0)
                {
                    provenance.Add(new ProvenanceRow { Country = iso3, Node = sp.Node, Indicator = ProvenanceRow.NodeValue, Note = "no open data: " + sp.Gap });
                    continue;
                }
                double sumW = 0, sumWn = 0, totalW = 0;
                int present = 0;
                foreach (var ind in sp.Indicators)
                {
                    totalW += ind.Weight;
                    var row = Evaluate(mapping, ind, iso3, data, sp.Node);
                    provenance.Add(row);
                    if (row.Normalised is { } n)
                    {
                        present++;
                        sumW += ind.Weight;
                        sumWn += ind.Weight * n;
                        indicatorCounts[$"{sp.Node}.{ind.Id}"]++;
                    }
                }
                double share = sumW / totalW;
                int minIndicators = sp.MinIndicators ?? mapping.Rules.MinIndicators;
                double minShare = sp.MinWeightShare ?? mapping.Rules.MinWeightShare;
                bool enough = present > 0 && (present >= minIndicators || share >= minShare - 1e-12);
                string counted = $"{present} of {sp.Indicators.Count} indicators, weight share {share.ToString("0.###", CultureInfo.InvariantCulture)}";
                if (enough)
                {
                    values[s] = sumWn / sumW;
                }
                provenance.Add(new ProvenanceRow
                {
                    Country = iso3,
                    Node = sp.Node,
                    Indicator = ProvenanceRow.NodeValue,
                    Normalised = values[s],
                    Weight = sumW,
                    Note = enough
                        ? $"weighted mean of {counted}"
                        : $"missing: {counted}, below the minimum ({minIndicators} indicators or weight share {minShare.ToString(CultureInfo.InvariantCulture)})",
                });
            }
            rows.Add(new CohortRow(iso3, name, values));
        }

        var cohort = new CohortTable(cohortId, mapping.Methodology, [.. subPillars.Select(s => s.Node)], rows);
        var coverage = cohort.CountsByNode().ToDictionary(kv => kv.Key, kv => new NodeCoverage(kv.Value, rows.Count), StringComparer.Ordinal);
        var indicatorCoverage = indicatorCounts.ToDictionary(kv => kv.Key, kv => new NodeCoverage(kv.Value, rows.Count), StringComparer.Ordinal);
        return new OpenReadinessBuild(cohort, provenance, coverage, indicatorCoverage);
    }

    /// <summary>One indicator for one economy: the provenance line, with <see cref="ProvenanceRow.Normalised"/> null when missing.</summary>
    internal static ProvenanceRow Evaluate(OpenReadinessMapping mapping, IndicatorMapping ind, string iso3, SourceSnapshot data, string node)
    {
        var line = new ProvenanceRow
        {
            Country = iso3,
            Node = node,
            Indicator = ind.Id,
            Source = ind.Source,
            Field = ind.Field,
            Weight = ind.Weight,
        };
        var main = data.Lookup(ind.Source, ind.Field, iso3);
        line = line with { File = main.File, Rows = main.Rows };
        if (!main.HasValue)
        {
            return line with { Note = main.Note };
        }
        double raw = main.Value!.Value;
        var notes = new List<string>();
        if (main.Note.Length > 0)
        {
            notes.Add(main.Note);
        }
        line = line with { Period = main.Period, Raw = raw };
        double value = raw;
        if (ind.Per is { } per)
        {
            var pop = data.Lookup(mapping.Population.Source, mapping.Population.Field, iso3);
            if (!pop.HasValue || pop.Value <= 0)
            {
                return line with { Note = $"no population for the per-{per} view: {pop.Note}" };
            }
            double denominator = pop.Value!.Value / (per == "million" ? 1e6 : 1e3);
            value = raw / denominator;
            line = line with { Denominator = denominator, DenominatorPeriod = pop.Period };
            notes.Add($"per {per} people ({mapping.Population.Field} {pop.Value.Value.ToString("R", CultureInfo.InvariantCulture)})");
        }
        double normalised = Normalise(ind, value, iso3, node);
        return line with { Value = value, Normalised = normalised, Note = string.Join("; ", notes) };
    }

    /// <summary>s = 100·clamp((f(x) − f(lower))/(f(upper) − f(lower)), 0, 1), f = x, log10(1 + x) or log10(x); reversed for direction −1; or the category's score.</summary>
    public static double Normalise(IndicatorMapping ind, double x, string iso3 = "", string node = "")
    {
        if (!double.IsFinite(x))
        {
            throw new ImportException(ImportFailure.Validation, $"{iso3} {node}.{ind.Id}: value {x} is not a finite number.");
        }
        if (ind.Categories is { } categories)
        {
            string key = x.ToString("R", CultureInfo.InvariantCulture);
            return categories.TryGetValue(key, out var score)
                ? score
                : throw new ImportException(ImportFailure.Validation,
                    $"{iso3} {node}.{ind.Id}: '{key}' is not one of the known categories ({string.Join(", ", categories.Keys)}).");
        }
        if (ind.Log && x < 0)
        {
            throw new ImportException(ImportFailure.Validation, $"{iso3} {node}.{ind.Id}: a count cannot be negative ({x}).");
        }
        if (ind.Transform == "log10" && x <= 0)
        {
            return ind.Direction < 0 ? 100 : 0;
        }
        double F(double v) => ind.Log ? Math.Log10(1 + v) : ind.Transform == "log10" ? Math.Log10(v) : v;
        double lo = F(ind.Lower!.Value), hi = F(ind.Upper!.Value);
        double s = 100 * Math.Clamp((F(x) - lo) / (hi - lo), 0, 1);
        return ind.Direction < 0 ? 100 - s : s;
    }
}
