using System.Globalization;
using System.Text;

namespace ReadinessApi.Cohorts;

/// <summary>
/// An audit's correlation matrix as a self-contained SVG heatmap: one cell per pair of nodes (the index
/// first, then the tree's nodes with data), blue for positive and red for negative Pearson r, the value
/// written in each cell, headed by the cohort and the methodology and footed by the flags.
/// </summary>
public static class AuditChart
{
    private const int LabelWidth = 170;
    private const int Top = 150;

    public static string Render(AuditResponse audit)
    {
        var nodes = audit.Correlations.Nodes;
        int n = nodes.Count;
        int cell = Math.Clamp(620 / Math.Max(1, n), 14, 40);
        int width = Math.Max(800, LabelWidth + (n * cell) + 20);
        var footer = audit.Flags.Select(f => f.Message).Take(12).ToList();
        if (audit.Flags.Count > footer.Count)
        {
            footer.Add($"… and {audit.Flags.Count - footer.Count} more flags (see the JSON).");
        }
        int height = Top + (n * cell) + 24 + (footer.Count * 15) + 16;
        string title = $"{audit.Cohort}: correlations under {audit.Methodology.Id}" + (audit.Group is null ? "" : $" within {audit.Group}");
        string subtitle = $"Methodology {audit.Methodology.Id} {audit.Methodology.Version} (hash {audit.Methodology.Hash[..12]}); {audit.Members.Count} members; Pearson r, pairwise";

        var svg = SvgChart.Open(width, height, title, subtitle, $"{subtitle}. {n} nodes, the index first.", fontSize: 11, capacity: 2048 + (n * n * 160));
        for (int j = 0; j < n; j++)
        {
            double x = LabelWidth + (j * cell) + (cell / 2.0);
            svg.Append(CultureInfo.InvariantCulture, $"""<text transform="translate({x:0.#},{Top - 6}) rotate(-60)" fill="#111111">{Escape(nodes[j])}</text>""");
        }
        svg.Append('\n');
        for (int i = 0; i < n; i++)
        {
            int y = Top + (i * cell);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 6}" y="{y + (cell / 2) + 4}" text-anchor="end" fill="#111111">{Escape(nodes[i])}</text>""");
            for (int j = 0; j < n; j++)
            {
                var r = audit.Correlations.Pearson[i][j];
                int x = LabelWidth + (j * cell);
                string value = r is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";
                svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Escape(nodes[i])} × {Escape(nodes[j])}: r = {value}</title><rect x="{x}" y="{y}" width="{cell - 1}" height="{cell - 1}" fill="{Colour(r)}"/>""");
                if (cell >= 24)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + (cell / 2.0):0.#}" y="{y + (cell / 2) + 3}" text-anchor="middle" font-size="9" fill="{(r is { } a && Math.Abs(a) > 0.6 ? "#ffffff" : "#111111")}">{value}</text>""");
                }
                svg.Append("</g>");
            }
            svg.Append('\n');
        }
        int footerY = Top + (n * cell) + 24;
        foreach (var line in footer)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="{footerY}" fill="#555555">{Escape(line.Length <= 150 ? line : line[..149] + "…")}</text>""").Append('\n');
            footerY += 15;
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>White at 0, deepening to blue at +1 and to red at −1; grey where there is no value.</summary>
    private static string Colour(double? r)
    {
        if (r is not { } v)
        {
            return "#eeeeee";
        }
        double t = Math.Clamp(Math.Abs(v), 0, 1);
        var (tr, tg, tb) = v >= 0 ? (33, 102, 172) : (178, 24, 43);
        int R = (int)Math.Round(255 + ((tr - 255) * t)), G = (int)Math.Round(255 + ((tg - 255) * t)), B = (int)Math.Round(255 + ((tb - 255) * t));
        return $"#{R:x2}{G:x2}{B:x2}";
    }

    private static string Escape(string text) => SvgChart.Escape(text);
}
