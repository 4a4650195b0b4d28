namespace ReadinessApi.Scoring.Analysis;

/// <summary>One factor's Sobol indices with bootstrap 95% intervals (percentile method).</summary>
/// <param name="First">S_i: the share of the output's variance the factor explains alone (Saltelli 2010 estimator).</param>
/// <param name="Total">S_Ti: the share it takes part in, alone or with others (Jansen estimator).</param>
public sealed record SobolIndex(double First, double FirstLow, double FirstHigh, double Total, double TotalLow, double TotalHigh);
