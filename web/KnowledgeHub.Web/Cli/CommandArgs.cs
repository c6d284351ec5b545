namespace KnowledgeHub.Web.Cli;

/// <summary>
/// Splits a verb's own arguments (positionals and the flags it declares) from configuration overrides
/// (--Section:Key=value or --Section:Key value), which go to the host's configuration.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> flags = new(StringComparer.OrdinalIgnoreCase);

    private CommandArgs()
    {
    }

    public List<string> Positionals { get; } = [];

    public List<string> Configuration { get; } = [];

    public static CommandArgs Parse(IEnumerable<string> args, IReadOnlySet<string> valueFlags, IReadOnlySet<string> switches)
    {
        var result = new CommandArgs();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                result.Positionals.Add(arg);
                continue;
            }

            var name = arg[2..];
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            var key = eq >= 0 ? name[..eq] : name;
            if (switches.Contains(key))
            {
                result.flags[key] = "true";
            }
            else if (valueFlags.Contains(key))
            {
                var value = eq >= 0 ? name[(eq + 1)..] : (i + 1 < list.Count ? list[++i] : throw new ArgumentException($"--{key} needs a value."));
                result.flags[key] = value;
            }
            else
            {
                result.Configuration.Add(arg);
                if (eq < 0 && i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    result.Configuration.Add(list[++i]);
                }
            }
        }

        return result;
    }

    public string? Value(string flag) => flags.GetValueOrDefault(flag);

    public bool Has(string flag) => flags.ContainsKey(flag);
}
