using System.Diagnostics;

namespace ReadinessApi.Import;

/// <summary>Progress and warnings on the terminal. Warnings are also kept, so they can go into the cohort's metadata.</summary>
public sealed class ImportLog(TextWriter output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Info(string message) => Write("  ", message);

    public void Step(string message) => Write("==", message);

    public void Warn(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }
        Write("!!", "warning: " + message);
    }

    private void Write(string mark, string message)
    {
        lock (output)
        {
            output.WriteLine($"{mark} [{_clock.Elapsed.TotalSeconds,6:0.0}s] {message}");
        }
    }
}
