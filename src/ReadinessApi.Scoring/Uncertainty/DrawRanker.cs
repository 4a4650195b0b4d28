namespace ReadinessApi.Scoring.Uncertainty;

/// <summary>
/// Competition ranks (as <see cref="Ranking.Competition"/>: 1 = best, ties at 1e-9 share the best rank) of
/// one draw's published scores, with nothing allocated per draw. It keeps the countries in the order of the
/// previous draw: ranks move little between draws, so the insertion sort is near linear.
/// </summary>
internal sealed class DrawRanker
{
    private readonly double[] _key;
    private readonly int[] _order;

    /// <param name="nominal">Each country's nominal rank: the first draw's starting order.</param>
    public DrawRanker(ReadOnlySpan<int> nominal)
    {
        var ranks = nominal.ToArray();
        _key = new double[ranks.Length];
        _order = Enumerable.Range(0, ranks.Length).OrderBy(k => ranks[k]).ToArray();
    }

    /// <summary>Writes each country's rank (0: no score in this draw) and returns how many were ranked.</summary>
    public int Rank(ReadOnlySpan<double> scores, Span<int> ranks)
    {
        int n = scores.Length;
        var key = _key;
        for (int k = 0; k < n; k++)
        {
            key[k] = double.IsFinite(scores[k]) ? Ranking.Key(scores[k]) : double.NegativeInfinity;
        }
        var order = _order;
        for (int i = 1; i < n; i++)
        {
            int x = order[i];
            double kx = key[x];
            int j = i - 1;
            while (j >= 0 && key[order[j]] < kx)
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
        ranks.Clear();
        int rank = 0, p = 0;
        for (; p < n; p++)
        {
            int k = order[p];
            if (double.IsNegativeInfinity(key[k]))
            {
                break;
            }
            if (p == 0 || key[k] != key[order[p - 1]])
            {
                rank = p + 1;
            }
            ranks[k] = rank;
        }
        return p;
    }
}
