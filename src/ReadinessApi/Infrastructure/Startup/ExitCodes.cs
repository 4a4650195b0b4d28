namespace ReadinessApi.Infrastructure.Startup;

/// <summary>The process's exit codes for start-up failures an operator can fix (the README lists them).</summary>
public static class ExitCodes
{
    /// <summary>A setting the service does not have, or a value it does not allow.</summary>
    public const int Configuration = 2;

    /// <summary>A cohort or peer-group file that cannot be loaded (file, line and column named).</summary>
    public const int ReferenceData = 3;

    /// <summary>The port the service should listen on is taken.</summary>
    public const int PortInUse = 4;
}
