namespace ReadinessApi.Scoring.Cohorts;

/// <summary>One member's place in a cohort ranking; rank, score and percentile are null when it could not be ranked.</summary>
/// <param name="Rank">1 = best; ties share the best rank ("1224").</param>
/// <param name="Score">On the methodology's published scale, rescaled over the cohort where the methodology asks.</param>
/// <param name="Tier">The tier the score falls in, if the methodology defines tiers.</param>
/// <param name="Coverage">Share (0–1) of the methodology's weight the member had data for.</param>
/// <param name="Percentile">Share (0–1) of the ranked members scored strictly below.</param>
/// <param name="RawScore">The 0–100 aggregate before any cohort rescale.</param>
/// <param name="Unranked">Why the member has no rank (coverage below the minimum, a value off a node's scale, ...).</param>
public sealed record RankedMember(
    string Country,
    string Name,
    int? Rank,
    double? Score,
    string? Tier,
    double Coverage,
    double? Percentile,
    double? RawScore,
    string? Unranked);

/// <summary>Where one score would stand in a cohort: see <see cref="CohortRanking.Place"/>.</summary>
/// <param name="Score">The score on the published scale, rescaled over the cohort (this country included) where the methodology asks.</param>
/// <param name="Scale">The cohort's extremes the score was rescaled with (null when the methodology does not rescale).</param>
public readonly record struct CohortPlacement(int Rank, int Size, double Percentile, double Score, CohortScale? Scale);

/// <summary>
/// A cohort scored and ranked under one methodology: every member's score (rescaled over the cohort
/// when the methodology asks), competition ranks, percentiles, and the members that could not be
/// ranked with the reason. Ranked members come first, by rank then country; unranked ones follow in
/// cohort order. Immutable and serialisable, so it can be cached under (methodology hash, cohort hash).
/// </summary>
public sealed record CohortRanking(
    string Cohort,
    string CohortHash,
    string Methodology,
    string MethodologyVersion,
    string MethodologyHash,
    int Ranked,
    double? ScaleMin,
    double? ScaleMax,
    IReadOnlyList<RankedMember> Members)
{
    /// <summary>Scores and ranks <paramref name="cohort"/>'s members (those <paramref name="include"/> admits) under <paramref name="methodology"/>.</summary>
    public static CohortRanking Compute(Methodology methodology, Cohort cohort, Func<CohortMember, bool>? include = null)
    {
        var m = methodology;
        var bound = cohort.Bind(m);
        var members = new List<int>(cohort.Size);
        for (int r = 0; r < cohort.Size; r++)
        {
            if (include is null || include(cohort.Members[r]))
            {
                members.Add(r);
            }
        }

        var raw = new double[members.Count];
        var coverage = new double[members.Count];
        var reasons = new string?[members.Count];
        var scorer = new RowScorer(m);
        for (int k = 0; k < members.Count; k++)
        {
            int r = members[k];
            raw[k] = double.NaN;
            if (bound.Problems[r] is { } problem)
            {
                reasons[k] = problem;
                continue;
            }
            raw[k] = scorer.Evaluate(bound.Rows[r]);
            coverage[k] = scorer.Coverage;
            if (double.IsNaN(raw[k]))
            {
                reasons[k] = scorer.Shortfall();
            }
        }

        var scale = m.Rescale != RescaleRule.None ? CohortScale.From(raw) : null;
        var scores = new double[raw.Length];
        for (int k = 0; k < raw.Length; k++)
        {
            scores[k] = m.Publish(raw[k], scale);
        }
        var ranks = Ranking.Competition(scores, out int ranked);
        var placement = new Ranking.Placement(scores);

        var result = new List<RankedMember>(members.Count);
        foreach (int k in Enumerable.Range(0, members.Count).Where(k => ranks[k] > 0)
                     .OrderBy(k => ranks[k]).ThenBy(k => cohort.Members[members[k]].Country, StringComparer.Ordinal))
        {
            var member = cohort.Members[members[k]];
            int tier = m.TierIndex(scores[k]);
            result.Add(new RankedMember(member.Country, member.Name, ranks[k], scores[k],
                tier >= 0 ? m.Document.Tiers[tier].Label : null, coverage[k], placement.Place(scores[k]).Percentile, raw[k], null));
        }
        for (int k = 0; k < members.Count; k++)
        {
            if (ranks[k] == 0)
            {
                var member = cohort.Members[members[k]];
                result.Add(new RankedMember(member.Country, member.Name, null, null, null, coverage[k], null, null, reasons[k]));
            }
        }
        return new CohortRanking(cohort.Id, cohort.Hash, m.Id, m.Version, m.Hash, ranked, scale?.Min, scale?.Max, result);
    }

    /// <summary>The extremes the scores were rescaled with; null when the methodology does not rescale.</summary>
    public CohortScale? Scale => ScaleMin is { } min && ScaleMax is { } max ? new CohortScale(min, max) : null;

    /// <summary>
    /// The ranking restricted to the members <paramref name="isMember"/> admits (a peer group), ranked among
    /// themselves: scores, and the cohort rescale behind them, stay those of the whole cohort (a view of a
    /// subset does not change a country's score); ranks and percentiles are those within the subset.
    /// </summary>
    public CohortRanking Within(Func<string, bool> isMember)
    {
        var ranked = Members.Where(m => m.Rank is not null && isMember(m.Country)).ToList();
        var scores = ranked.Select(m => m.Score!.Value).ToArray();
        var ranks = Ranking.Competition(scores, out int count);
        var placement = new Ranking.Placement(scores);
        var members = new List<RankedMember>(ranked.Count);
        for (int i = 0; i < ranked.Count; i++)
        {
            members.Add(ranked[i] with { Rank = ranks[i], Percentile = placement.Place(scores[i]).Percentile });
        }
        members.AddRange(Members.Where(m => m.Rank is null && isMember(m.Country)));
        return this with { Ranked = count, Members = members };
    }

    /// <summary>
    /// Where a country with raw score <paramref name="rawScore"/> would stand among the ranked members:
    /// its own row, if the cohort has one, is replaced by it. For a rescaling methodology the cohort's
    /// extremes are taken over the other members and this score together. With <paramref name="within"/>
    /// (a peer group) the rank, size and percentile count only the members it admits; the score is still
    /// rescaled over the whole cohort. Call it on the whole cohort's ranking, not on a <see cref="Within"/> view.
    /// </summary>
    public CohortPlacement Place(Methodology methodology, string country, double rawScore, Func<string, bool>? within = null)
    {
        if (methodology.Hash != MethodologyHash)
        {
            throw new ArgumentException($"This ranking was computed under '{Methodology}' {MethodologyHash[..12]}, not {methodology.Hash[..12]}.", nameof(methodology));
        }
        return PlaceAmong(methodology, Members.Where(x => x.RawScore is not null).Select(x => (x.Country, x.RawScore!.Value)),
            country, rawScore, within);
    }

    /// <summary>
    /// Where a country with raw score <paramref name="rawScore"/> would stand among <paramref name="members"/>
    /// (country and raw 0–100 aggregate each; a non-finite raw score is unranked, and the country's own entry,
    /// if any, is replaced by <paramref name="rawScore"/>). The one placement rule behind a single score, a
    /// batch row and a what-if scenario, whether the members' raw scores come from a cached ranking or were
    /// computed under a derived methodology. <paramref name="within"/> as in <see cref="Place"/>.
    /// </summary>
    public static CohortPlacement PlaceAmong(Methodology methodology, IEnumerable<(string Country, double RawScore)> members,
        string country, double rawScore, Func<string, bool>? within = null)
    {
        if (!double.IsFinite(rawScore))
        {
            throw new ArgumentOutOfRangeException(nameof(rawScore), "Only a computed score can be placed.");
        }
        var others = members.Where(x => double.IsFinite(x.RawScore) && x.Country != country).ToList();
        CohortScale? scale = null;
        if (methodology.Rescale != RescaleRule.None)
        {
            var raws = others.Select(x => x.RawScore).Append(rawScore).ToArray();
            scale = CohortScale.From(raws);
        }
        double score = methodology.Publish(rawScore, scale);
        double key = Ranking.Key(score);
        int above = 0, below = 0, size = 1;
        foreach (var other in others)
        {
            if (within is not null && !within(other.Country))
            {
                continue;
            }
            size++;
            double otherKey = Ranking.Key(methodology.Publish(other.RawScore, scale));
            if (otherKey > key)
            {
                above++;
            }
            else if (otherKey < key)
            {
                below++;
            }
        }
        return new CohortPlacement(above + 1, size, (double)below / size, score, scale);
    }
}
