namespace ReadinessApi.Scoring;

/// <summary>
/// Competition ranking ("1224"): 1 is best, ties share the best rank; percentile is the share of the
/// cohort scored strictly below. Scores are compared at 1e-9 so that the last bits of floating-point
/// summation never split a genuine tie.
/// </summary>
public static class Ranking
{
    public static double Key(double score) => Math.Round(score, 9);

    /// <summary>Ranks of the finite scores (0 for a NaN: unranked), and how many were ranked.</summary>
    public static int[] Competition(ReadOnlySpan<double> scores, out int ranked)
    {
        var order = new int[scores.Length];
        var keys = new double[scores.Length];
        ranked = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsFinite(scores[i]))
            {
                keys[ranked] = -Key(scores[i]);
                order[ranked++] = i;
            }
        }
        Array.Sort(keys, order, 0, ranked);
        var ranks = new int[scores.Length];
        for (int r = 0; r < ranked; r++)
        {
            ranks[order[r]] = r > 0 && keys[r] == keys[r - 1] ? ranks[order[r - 1]] : r + 1;
        }
        return ranks;
    }

    /// <summary>
    /// A sorted view of a cohort's scores for placing a score among them without re-sorting:
    /// rank = 1 + how many score strictly higher, percentile = share strictly lower.
    /// </summary>
    public sealed class Placement
    {
        private readonly double[] _ascending;

        public Placement(IEnumerable<double> scores)
        {
            _ascending = scores.Where(double.IsFinite).Select(Key).Order().ToArray();
        }

        public int Count => _ascending.Length;

        public (int Rank, double Percentile) Place(double score)
        {
            double key = Key(score);
            int below = LowerBound(key);
            int notAbove = UpperBound(key);
            int above = _ascending.Length - notAbove;
            return (above + 1, _ascending.Length == 0 ? 0 : (double)below / _ascending.Length);
        }

        private int LowerBound(double key)
        {
            int lo = 0, hi = _ascending.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_ascending[mid] < key) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private int UpperBound(double key)
        {
            int lo = 0, hi = _ascending.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_ascending[mid] <= key) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
