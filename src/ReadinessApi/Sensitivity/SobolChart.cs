using System.Globalization;
using System.Text;

namespace ReadinessApi.Sensitivity;

/// <summary>
/// A variance-based sensitivity answer as a self-contained SVG bar chart: per factor, its first-order and
/// total Sobol index as two bars with their 95% intervals as whiskers, one panel per output (the mean rank
/// shift, and the country's rank when asked for), headed by the methodology and the design.
/// </summary>
public static class SobolChart
{
    private const int Width = 800;
    private const int LabelWidth = 170;
    private const int BarLeft = LabelWidth + 10;
    private const int BarMax = 520;
    private const int RowHeight = 34;
    private const string FirstColour = "#2166ac";
    private const string TotalColour = "#e08214";

    public static string Render(SensitivityResponse response)
    {
        var v = response.Variance ?? throw new ArgumentException("Not a variance analysis.", nameof(response));
        var panels = new List<SobolOutput> { v.MeanRankShift };
        if (v.CountryRank is { } rank)
        {
            panels.Add(rank);
        }
        int panelHeight = 40 + (v.Factors.Count * RowHeight);
        int height = 96 + (panels.Count * panelHeight) + 40;
        string title = $"Which assumption drives the rank uncertainty? {response.Cohort ?? "inline items"}"
            + (response.Group is null ? "" : $" within {response.Group}");
        string subtitle = $"Methodology {response.Methodology.Id} {response.Methodology.Version} (hash {response.Methodology.Hash[..12]}); "
            + $"Saltelli design, N = {v.BaseSamples}, {v.Runs} runs, seed {response.Seed}; {response.Ranked} countries";

        var svg = Cohorts.SvgChart.Open(Width, height, title, subtitle,
            $"{subtitle}. First-order (S) and total (ST) Sobol indices per factor with bootstrap 95% intervals.");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="16" y="58" width="12" height="10" fill="{FirstColour}"/><text x="32" y="67" fill="#333333">first-order S (alone)</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="170" y="58" width="12" height="10" fill="{TotalColour}"/><text x="186" y="67" fill="#333333">total ST (with interactions); whiskers: 95% interval</text>""").Append('\n');
        int top = 96;
        foreach (var panel in panels)
        {
            string heading = panel.Country is null
                ? $"Mean absolute rank shift (mean {Number(panel.Mean)}, variance {Number(panel.Variance)})"
                : $"Rank of {panel.Country} (nominal {panel.NominalRank}; mean {Number(panel.Mean)}, variance {Number(panel.Variance)})";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="{top}" font-weight="600" fill="#111111">{Escape(heading)}</text>""").Append('\n');
            int axis = top + 12;
            foreach (double tick in new[] { 0, 0.25, 0.5, 0.75, 1 })
            {
                double x = BarLeft + (tick * BarMax);
                svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x:0.##}" y1="{axis}" x2="{x:0.##}" y2="{axis + (v.Factors.Count * RowHeight)}" stroke="#dddddd"/><text x="{x:0.##}" y="{axis + (v.Factors.Count * RowHeight) + 12}" text-anchor="middle" fill="#777777" font-size="10">{tick.ToString("0.##", CultureInfo.InvariantCulture)}</text>""");
            }
            svg.Append('\n');
            for (int i = 0; i < panel.Indices.Count; i++)
            {
                var f = panel.Indices[i];
                int y = axis + (i * RowHeight);
                svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Escape(f.Factor)}: S = {Number(f.First)} [{Number(f.FirstLow)}, {Number(f.FirstHigh)}], ST = {Number(f.Total)} [{Number(f.TotalLow)}, {Number(f.TotalHigh)}]</title>""");
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth}" y="{y + 20}" text-anchor="end" fill="#111111">{Escape(f.Factor)}</text>""");
                Bar(svg, y + 4, f.First, f.FirstLow, f.FirstHigh, FirstColour);
                Bar(svg, y + 17, f.Total, f.TotalLow, f.TotalHigh, TotalColour);
                svg.Append("</g>\n");
            }
            top += panelHeight;
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="16" y="{height - 16}" fill="#555555" font-size="11">S: Saltelli (2010) estimator; ST: Jansen; intervals: bootstrap percentile. Estimates below 0 are drawn at 0.</text>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, int y, double value, double low, double high, string colour)
    {
        double Scale(double x) => BarLeft + (Math.Clamp(x, 0, 1) * BarMax);
        double width = Scale(value) - BarLeft;
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{BarLeft}" y="{y}" width="{width:0.##}" height="11" fill="{colour}"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Scale(low):0.##}" y1="{y + 5.5}" x2="{Scale(high):0.##}" y2="{y + 5.5}" stroke="#111111"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Math.Max(Scale(high), Scale(value)) + 5:0.##}" y="{y + 10}" fill="#111111" font-size="10">{Number(value)}</text>""");
    }

    private static string Number(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => Cohorts.SvgChart.Escape(text);
}
