namespace ReadinessApi.Import.Publishers;

/// <summary>
/// One value a publisher gives for an economy, with the period it refers to (e.g. "2023", "2025-06", "2025Q3")
/// and where in the publisher's file it comes from (<see cref="File"/>, and the line or record numbers in
/// <see cref="Rows"/>: several when the value is a sum over rows).
/// </summary>
public readonly record struct Observation(double Value, string Period, string File = "", string Rows = "");
