using System.Globalization;

namespace ReadinessApi.Import.Cli;

/// <summary>A verb and its <c>--name value</c> options and <c>--flag</c>s; unknown or repeated options are errors.</summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandArgs(string verb) => Verb = verb;

    public string Verb { get; }

    public static CommandArgs Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        if (args.Count == 0)
        {
            return new CommandArgs("help");
        }
        var parsed = new CommandArgs(args[0]);
        for (int i = 1; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
            {
                throw Usage($"unexpected argument '{a}'");
            }
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw Usage($"--{name} needs a value");
                }
                value = args[++i];
            }
            if (!parsed._options.TryAdd(name, value))
            {
                throw Usage($"--{name} is given twice");
            }
        }
        return parsed;
    }

    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public string Required(string name) => Get(name) ?? throw Usage($"--{name} is required");

    public Uri? Url(string name)
    {
        string? v = Get(name);
        if (v is null)
        {
            return null;
        }
        if (Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "file")
        {
            return u;
        }
        if (File.Exists(v))
        {
            return new Uri(Path.GetFullPath(v));
        }
        throw Usage($"--{name}: '{v}' is neither an http(s) URL nor an existing file");
    }

    public int? Int(string name)
    {
        string? v = Get(name);
        return v is null ? null
            : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw Usage($"--{name}: '{v}' is not a whole number");
    }

    /// <summary>Options matching <c>--&lt;prefix&gt;...&lt;suffix&gt;</c>, by the part between.</summary>
    public IEnumerable<(string Name, string Middle)> Matching(string suffix) =>
        _options.Keys.Where(k => k.EndsWith(suffix, StringComparison.Ordinal) && k.Length > suffix.Length)
            .Select(k => (k, k[..^suffix.Length])).ToList();

    /// <summary>Fails on any option the verb did not read.</summary>
    public void RejectUnused()
    {
        var unused = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unused.Count > 0)
        {
            throw Usage($"unknown option(s) for '{Verb}': {string.Join(", ", unused.Select(u => "--" + u))}");
        }
    }

    private static ImportException Usage(string message) => new(ImportFailure.Usage, message);
}
