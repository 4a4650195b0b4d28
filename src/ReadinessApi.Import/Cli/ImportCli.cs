using System.Globalization;
using ReadinessApi.Import.Cli;
using ReadinessApi.Import.Cohorts;
using ReadinessApi.Import.Http;
using ReadinessApi.Import.Imf;
using ReadinessApi.Import.OpenReadiness;
using ReadinessApi.Import.Publishers;
using ReadinessApi.Import.WorldBank;

namespace ReadinessApi.Import;

/// <summary>The command line: one verb per data set, each fetching, validating and writing atomically.</summary>
public static class ImportCli
{
    public const string ToolName = "ReadinessApi.Import";

    public const string HelpText = """
        ReadinessApi.Import: refresh the service's reference data in a cohorts directory.

        Usage: dotnet run --project src/ReadinessApi.Import -- <verb> --out DIR [options]

        Verbs
          imf                 IMF AI Preparedness Index (DataMapper API, dataset AIPI) -> <id>.csv/.json for imf-aipi-2023
              --base-url URL      default https://www.imf.org/external/datamapper/api/v1/
              --id ID             cohort id, default imf-aipi-<year>
              --year N            data year, default the latest with values
          worldbank-groups    World Bank regions and income groups (API v2 country endpoint) -> groups.worldbank.json
              --base-url URL      default https://api.worldbank.org/v2/
          reference           the data the service ships: the open cohort for readiness-v1 (open-readiness.csv/.json,
                              provenance/open-readiness.csv) and groups.worldbank.json, from the publishers' own files
              --raw DIR           read shared/data/raw (the publishers' byte-for-byte copies) through local stand-ins
                                  instead of the publishers' live addresses
              --retrieved DATE    the retrieval date to record (YYYY-MM-DD), default today
              --id ID             cohort id, default open-readiness
              --mapping FILE      a mapping file in place of the embedded Mappings/open-readiness.mapping.json
              --to-year N         last year searched in World Bank series, default the retrieval year

        Common options
          --out DIR           the cohorts directory (created if absent); files are replaced atomically
          --timeout SECONDS   per request attempt, default 60
          --retries N         retries on transient failures (connection, timeout, 408, 429, 5xx), default 3

        Exit codes: 0 done, 2 usage, 3 HTTP failure, 4 changed schema (or too many country labels the tool
        cannot map), 5 validation failed, 6 output failed.
        On any failure nothing is written and the previous files stay as they were.
        """;

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "help" };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        PublisherHttpOptions? httpOptions = null, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var log = new ImportLog(output);
        try
        {
            var cmd = CommandArgs.Parse(args, Flags);
            if (cmd.Verb is "help" or "--help" or "-h" || cmd.Has("help"))
            {
                await output.WriteLineAsync(HelpText).ConfigureAwait(false);
                return 0;
            }
            string outDir = cmd.Required("out");
            httpOptions = (httpOptions ?? PublisherHttpOptions.Default) with { };
            if (cmd.Int("timeout") is { } t)
            {
                httpOptions = httpOptions with { AttemptTimeout = TimeSpan.FromSeconds(t) };
            }
            if (cmd.Int("retries") is { } r)
            {
                httpOptions = httpOptions with { MaxRetries = r };
            }
            using var http = new PublisherHttp(log, httpOptions);
            var writer = new AtomicWriter(log);
            switch (cmd.Verb)
            {
                case "imf":
                {
                    var client = new ImfDataMapperClient(http, cmd.Url("base-url") ?? new Uri(ImfDataMapperClient.DefaultBaseUrl));
                    var options = new ImfAipiOptions { OutputDirectory = outDir, CohortId = cmd.Get("id"), Year = cmd.Int("year") };
                    cmd.RejectUnused();
                    await new ImfAipiImporter(client, writer, log, clock).RunAsync(options, cancellationToken).ConfigureAwait(false);
                    break;
                }
                case "worldbank-groups":
                {
                    var client = new WorldBankClient(http, cmd.Url("base-url") ?? new Uri(WorldBankClient.DefaultBaseUrl));
                    cmd.RejectUnused();
                    await new WorldBankGroupsImporter(client, writer, log, clock).RunAsync(outDir, cancellationToken).ConfigureAwait(false);
                    break;
                }
                case "reference":
                {
                    string? retrievedText = cmd.Get("retrieved");
                    DateOnly? retrieved = retrievedText is null ? null
                        : DateOnly.TryParseExact(retrievedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                        : throw new ImportException(ImportFailure.Usage, $"--retrieved: '{retrievedText}' is not a date (YYYY-MM-DD)");
                    var options = new OpenReadinessOptions
                    {
                        OutputDirectory = outDir,
                        CohortId = cmd.Get("id") ?? "open-readiness",
                        RawDirectory = cmd.Get("raw"),
                        Retrieved = retrieved,
                        MappingPath = cmd.Get("mapping"),
                        ToYear = cmd.Int("to-year"),
                    };
                    cmd.RejectUnused();
                    await new OpenReadinessImporter(http, writer, log, clock).RunAsync(options, cancellationToken).ConfigureAwait(false);
                    break;
                }
                default:
                    throw new ImportException(ImportFailure.Usage, $"unknown verb '{cmd.Verb}'; the verbs are imf, worldbank-groups, reference (see --help)");
            }
            log.Step(log.Warnings.Count == 0 ? "done" : $"done, with {log.Warnings.Count} warning(s) (recorded in the metadata)");
            return 0;
        }
        catch (ImportException e)
        {
            await error.WriteLineAsync($"error ({e.Failure.ToString().ToLowerInvariant()}): {e.Message}").ConfigureAwait(false);
            if (e.Failure == ImportFailure.Usage)
            {
                await error.WriteLineAsync("run with --help for the verbs and options").ConfigureAwait(false);
            }
            else
            {
                await error.WriteLineAsync("nothing was written; the previous files are unchanged.").ConfigureAwait(false);
            }
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled; nothing was written.").ConfigureAwait(false);
            return 130;
        }
    }

}
