using System.Text.Json;

namespace Microwasm.Cli.Wast;

/// <summary>
/// A spec test script as <c>wast2json</c> (wabt) writes it: the source file name and its commands
/// in order. Module files named by the commands are relative to <see cref="Directory"/>.
/// </summary>
public sealed class WastScript
{
    public WastScript(string path, string? sourceFilename, IReadOnlyList<WastCommand> commands)
    {
        Path = path;
        SourceFilename = sourceFilename;
        Commands = commands;
    }

    /// <summary>The JSON file this script was read from.</summary>
    public string Path { get; }

    /// <summary>The folder that holds the JSON file and the modules it names.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";

    /// <summary>The <c>.wast</c> file wast2json converted, as it recorded it.</summary>
    public string? SourceFilename { get; }

    public IReadOnlyList<WastCommand> Commands { get; }

    /// <summary>Reads and parses a wast2json file, or a <c>.wast</c> script (by its extension).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file is not wast2json output.</exception>
    public static WastScript Load(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            throw new IOException($"{path} is a directory, not a wast2json script");
        }
        // Bounded, so /dev/zero or a runaway pipe ends in an error instead of exhausting memory.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        using var reader = new StreamReader(stream);
        var buffer = new char[64 * 1024];
        var text = new System.Text.StringBuilder();
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + n > MaxScriptChars)
            {
                throw new IOException($"{path} is larger than the limit of {MaxScriptChars} characters for a script");
            }
            text.Append(buffer, 0, n);
        }
        return WastTextScript.IsWast(path) ? WastTextScript.Parse(text.ToString(), path) : Parse(text.ToString(), path);
    }

    /// <summary>The largest script <see cref="Load"/> reads (the largest spec script is under 2 MB).</summary>
    public const int MaxScriptChars = 64 << 20;

    /// <summary>Parses wast2json output.</summary>
    /// <exception cref="FormatException">The text is not JSON or not shaped like wast2json output.</exception>
    public static WastScript Parse(string json, string path)
    {
        // Parsed by hand over JsonDocument rather than with JsonSerializer: no reflection, so the
        // CLI stays trimmable, and "value" can be a string (scalars) or an array (v128 lanes).
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("commands", out var commands) ||
                commands.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("not a wast2json script: no \"commands\" array");
            }
            var list = new List<WastCommand>(commands.GetArrayLength());
            foreach (var c in commands.EnumerateArray())
            {
                list.Add(ReadCommand(c));
            }
            return new WastScript(path, GetString(root, "source_filename"), list);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"invalid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement accessors throw this when a property has an unexpected JSON kind.
            throw new FormatException($"unexpected JSON shape: {ex.Message}", ex);
        }
    }

    private static WastCommand ReadCommand(JsonElement c)
    {
        if (c.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a command is not a JSON object");
        }
        return new WastCommand(GetString(c, "type") ?? throw new FormatException("a command has no \"type\""))
        {
            Line = c.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number
                ? line.TryGetInt32(out var number) ? number : throw new FormatException($"\"line\" is not a line number: {line.GetRawText()}")
                : 0,
            Filename = GetString(c, "filename"),
            Name = GetString(c, "name"),
            As = GetString(c, "as"),
            Text = GetString(c, "text"),
            ModuleType = GetString(c, "module_type"),
            Action = c.TryGetProperty("action", out var action) ? ReadAction(action) : null,
            Expected = c.TryGetProperty("expected", out var expected) ? ReadValues(expected) : null,
            Either = c.TryGetProperty("either", out var either) ? ReadValues(either) : null,
        };
    }

    private static WastAction ReadAction(JsonElement a) =>
        new(GetString(a, "type") ?? throw new FormatException("an action has no \"type\""),
            GetString(a, "field") ?? throw new FormatException("an action has no \"field\""))
        {
            Module = GetString(a, "module"),
            Args = a.TryGetProperty("args", out var args) ? ReadValues(args) : [],
        };

    private static WastValue[] ReadValues(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a value list is not a JSON array");
        }
        var values = new WastValue[array.GetArrayLength()];
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            var type = GetString(v, "type") ?? throw new FormatException("a value has no \"type\"");
            string? scalar = null;
            string[]? lanes = null;
            if (v.TryGetProperty("value", out var value))
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    lanes = [.. value.EnumerateArray().Select(l => l.GetString() ?? "")];
                }
                else
                {
                    scalar = value.GetString();
                }
            }
            values[i++] = new WastValue(type) { LaneType = GetString(v, "lane_type"), Value = scalar, Lanes = lanes };
        }
        return values;
    }

    private static string? GetString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()
            : null;
}

/// <summary>
/// One command of a script. <see cref="Type"/> is wast2json's command name (<c>module</c>,
/// <c>assert_return</c>, ...); the other properties are present or null as that command defines them.
/// </summary>
public sealed record WastCommand(string Type)
{
    /// <summary>Line of the command in the .wast source.</summary>
    public int Line { get; init; }

    /// <summary>The module file (<c>.wasm</c>, or <c>.wat</c> for text modules), relative to the script.</summary>
    public string? Filename { get; init; }

    /// <summary>The module's name (<c>$M1</c>) for <c>module</c>, or the registered module for <c>register</c>.</summary>
    public string? Name { get; init; }

    /// <summary>For <c>register</c>: the import module name the instance is registered as.</summary>
    public string? As { get; init; }

    /// <summary>The expected error text of an assertion (the harness compares kinds, not this text).</summary>
    public string? Text { get; init; }

    /// <summary><c>binary</c> or <c>text</c>, for assertions about a module.</summary>
    public string? ModuleType { get; init; }

    public WastAction? Action { get; init; }

    /// <summary>Expected results (<c>assert_return</c>), or their types only (<c>assert_trap</c>).</summary>
    public WastValue[]? Expected { get; init; }

    /// <summary>Alternative acceptable results (relaxed SIMD): any one of them may match.</summary>
    public WastValue[]? Either { get; init; }

    /// <summary>The module's bytes when the script holds them (<c>.wast</c> scripts); null when they are in <see cref="Filename"/>.</summary>
    /// <remarks>Throws <see cref="Microwasm.Text.WatParseException"/> for a malformed text module.</remarks>
    public Func<byte[]>? ModuleSource { get; init; }

    /// <summary>True when the module is in the text format, which Microwasm does not parse.</summary>
    public bool IsTextModule => ModuleType == "text" || (Filename?.EndsWith(".wat", StringComparison.Ordinal) ?? false);
}

/// <summary>An action: <c>invoke</c> an exported function with arguments, or <c>get</c> an exported global.</summary>
public sealed record WastAction(string Type, string Field)
{
    /// <summary>The named module (<c>$M</c>) to act on, or null for the most recent one.</summary>
    public string? Module { get; init; }

    public WastValue[] Args { get; init; } = [];
}

/// <summary>
/// A typed value as wast2json writes it. Numbers are decimal strings of the bit pattern
/// (f32 <c>"2143289344"</c> is a NaN); expected floats may be <c>nan:canonical</c> or
/// <c>nan:arithmetic</c>; references are <c>null</c> or a host number; a v128 has one string per
/// lane in <see cref="Lanes"/> with <see cref="LaneType"/>. In <c>assert_trap</c> only the type is given.
/// </summary>
public sealed record WastValue(string Type)
{
    public string? Value { get; init; }
    public string? LaneType { get; init; }
    public string[]? Lanes { get; init; }

    public override string ToString() =>
        Lanes is not null ? $"{Type}:{LaneType}[{string.Join(" ", Lanes)}]" : Value is null ? Type : $"{Type}:{Value}";
}
