namespace ReadinessApi.Scoring.Groups;

/// <summary>A peer-group file is malformed or contradicts another; the message names the file and the group.</summary>
public sealed class PeerGroupException(string message, Exception? inner = null) : Exception(message, inner);
