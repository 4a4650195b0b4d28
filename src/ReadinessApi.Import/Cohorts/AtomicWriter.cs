namespace ReadinessApi.Import.Cohorts;

/// <summary>
/// Writes a set of files (a cohort's CSV, its metadata and its provenance) so that readers see either
/// the previous set or the new one, never a half-written file: everything is written and flushed into
/// a staging folder inside the output directory (same file system, so moves are renames), then each
/// file is swapped in by rename, keeping the previous version aside until all are in place. If any
/// step fails the swapped files are put back, the staging folder is removed and the error says so.
/// The staging folder and the set-aside copies have names the service does not load (a leading dot,
/// no <c>.csv</c> ending).
/// </summary>
public sealed class AtomicWriter(ImportLog log)
{
    /// <summary>Called before each file is moved into place; tests use it to inject a failure.</summary>
    internal Action<string>? BeforeCommit { get; init; }

    public void Write(string outputDirectory, IReadOnlyList<OutputFile> files)
    {
        var outDir = Path.GetFullPath(outputDirectory);
        string token = Guid.NewGuid().ToString("N")[..12];
        string staging = Path.Combine(outDir, $".import-staging-{token}");
        var committed = new List<(string Target, string? Backup)>();
        try
        {
            Directory.CreateDirectory(outDir);
            Directory.CreateDirectory(staging);
            foreach (var f in files)
            {
                string staged = Path.Combine(staging, f.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                using var stream = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(f.Content);
                stream.Flush(flushToDisk: true);
            }
            foreach (var f in files)
            {
                string target = Path.Combine(outDir, f.RelativePath);
                BeforeCommit?.Invoke(f.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                string? backup = null;
                if (File.Exists(target))
                {
                    backup = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.previous-{token}");
                    File.Move(target, backup);
                }
                committed.Add((target, backup));
                File.Move(Path.Combine(staging, f.RelativePath), target);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            RollBack(committed);
            TryDelete(staging);
            throw new ImportException(ImportFailure.Output,
                $"writing to {outDir} failed ({e.Message}); the previous files were left as they were.", e);
        }
        foreach (var (_, backup) in committed)
        {
            if (backup is not null)
            {
                File.Delete(backup);
            }
        }
        TryDelete(staging);
        foreach (var f in files)
        {
            log.Info($"wrote {Path.Combine(outDir, f.RelativePath)} ({f.Content.Length / 1024.0:0.0} KB)");
        }
    }

    private void RollBack(List<(string Target, string? Backup)> committed)
    {
        for (int i = committed.Count - 1; i >= 0; i--)
        {
            var (target, backup) = committed[i];
            try
            {
                if (File.Exists(target) && (backup is null || File.Exists(backup)))
                {
                    File.Delete(target);
                }
                if (backup is not null && File.Exists(backup))
                {
                    File.Move(backup, target);
                }
            }
            catch (IOException e)
            {
                log.Warn($"could not restore {target} from {backup}: {e.Message}");
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
