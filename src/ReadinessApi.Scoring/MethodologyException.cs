namespace ReadinessApi.Scoring;

/// <summary>A methodology document that cannot be compiled; the message names the node or field.</summary>
public sealed class MethodologyException(string message, Exception? inner = null) : Exception(message, inner);
