using Microwasm.Text;

namespace Microwasm.Cli.Wast;

/// <summary>
/// Reads a <c>.wast</c> script directly (no wast2json): Microwasm.Text parses it, and each
/// command becomes a <see cref="WastCommand"/> whose module bytes come from memory.
/// </summary>
public static class WastTextScript
{
    /// <summary>True when <paramref name="path"/> names a <c>.wast</c> script rather than wast2json output.</summary>
    public static bool IsWast(string path) => path.EndsWith(".wast", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses the text of a <c>.wast</c> script.</summary>
    /// <exception cref="FormatException">The script itself (outside its modules) is malformed.</exception>
    public static WastScript Parse(string text, string path)
    {
        List<WastScriptCommand> parsed;
        try
        {
            parsed = WastParser.Parse(text);
        }
        catch (WatParseException ex)
        {
            throw new FormatException($"{Path.GetFileName(path)}:{ex.Message}", ex);
        }
        var file = Path.GetFileName(path);
        var commands = new List<WastCommand>(parsed.Count);
        var definitions = new Dictionary<string, WastModule>(StringComparer.Ordinal);
        foreach (var c in parsed)
        {
            var module = c.Module;
            if (c.Type == "module_definition" && module?.Name is { } definitionName)
            {
                definitions[definitionName] = module;
            }
            if (c.Type == "module_instance")
            {
                // An instance of a definition is a module command on the definition's bytes.
                if (c.As is null || !definitions.TryGetValue(c.As, out var definition))
                {
                    throw new FormatException($"{file}:{c.Line}: module instance of an unknown definition {c.As}");
                }
                commands.Add(new WastCommand("module")
                {
                    Line = c.Line,
                    Filename = $"{file}:{c.Line}",
                    ModuleSource = definition.GetBinary,
                    Name = c.Name,
                });
                continue;
            }
            commands.Add(new WastCommand(c.Type)
            {
                Line = c.Line,
                Filename = module is null ? null : $"{file}:{c.Line}",
                ModuleSource = module is null ? null : module.GetBinary,
                Name = c.Type == "register" ? c.Name : c.Name ?? module?.Name,
                As = c.As,
                Text = c.Text,
                Action = c.Action is { } a ? new WastAction(a.Type, a.Field) { Module = a.Module, Args = Convert(a.Args) } : null,
                Expected = c.Expected is { } e ? Convert(e) : null,
                Either = c.Either is { } either ? Convert(either) : null,
            });
        }
        return new WastScript(path, file, commands);
    }

    private static WastValue[] Convert(WastScriptValue[] values)
    {
        var result = new WastValue[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            result[i] = new WastValue(v.Type) { Value = v.Value, LaneType = v.LaneType, Lanes = v.Lanes };
        }
        return result;
    }
}
