using System.Globalization;

namespace ReadinessApi.Scoring.Tests.Properties;

/// <summary>One row of inputs for one methodology, as a client would send it.</summary>
public sealed record ScoreCase(Methodology Methodology, KeyValuePair<string, double>[] Inputs)
{
    // FsCheck prints the failing case: make it enough to replay by hand.
    public override string ToString() =>
        $"{Methodology.Id} {Methodology.Version}: {{ {string.Join(", ", Inputs.Select(x => $"{x.Key}: {x.Value.ToString("R", CultureInfo.InvariantCulture)}"))} }}";
}
