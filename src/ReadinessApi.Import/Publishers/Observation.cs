namespace ReadinessApi.Import.Publishers;

/// <summary>One value a publisher gives for an economy, with the period it refers to (e.g. "2023", "2025-06", "2025Q3").</summary>
public readonly record struct Observation(double Value, string Period);
