// Generates src/Microwasm/Interpreter/InterpreterLoop.g.cs, the interpreter's dispatch loop
// (InterpreterLoop.Run), from src/Microwasm/Interpreter/InterpreterLoop.ops.
//
//   dotnet run tools/codegen/InterpreterLoop.cs            writes the file
//   dotnet run tools/codegen/InterpreterLoop.cs -- --check  exits with 1 if the file is out of date
//
// (run from anywhere inside the repository). tests/Microwasm.Tests compiles this file too
// (InterpreterLoopGeneratorTests), and fails when the committed output is not what the description
// generates: edit the description, never the output.
//
// Why a generator: Run is one method with one switch, because its speed depends on that (ip, fp and
// the memory's base and length stay in registers across all handlers; see Interpreter/RATIONALE.md).
// Written out, that method is 2,400 lines of handlers that mostly differ in an operator or a type.
// The description writes each family's shape once (a template) and each instruction once (a row of
// the template, or a hand-written case for the irregular ones).
//
// THE DESCRIPTION FORMAT (InterpreterLoop.ops). A sequence of directives; the cases are emitted in
// the order they appear, which is the order of the switch (and so the order of the handlers in the
// machine code: keep hot instructions where they are unless you measure). Outside blocks, blank
// lines and lines starting with '#' are ignored. A block is every line after its directive up to a
// line that is exactly "end".
//
//   before ... end          Verbatim text before the first case: the usings, the class, Run's
//                           signature and locals, the loop head, "switch (...)" and its "{".
//   after ... end           Verbatim text after the last case: "default:", the switch's "}", the
//                           labels the handlers jump to (calls, returns, traps), the closing braces.
//   case Op ... end         One hand-written handler: the statements of "case Op.<Op>:". If its
//                           first line is "{", the handler is a block.
//   let name = text         A named piece of text: $name stands for it in templates and rows below
//                           (e.g. how an operand slot is read as each value type).
//   template Name(p1, p2, ...) ... end
//                           The shape of a family of handlers. In the body, $p1, $p2, ... are
//                           replaced by a row's values, $op by the row's op name and $name by a
//                           'let' ('$' followed by any other name is an error); ${name} is the
//                           same, for a name followed by letters or digits.
//   rows Name [| p = value]... then lines "Op | value | value ..." then end
//                           One handler per row, from template Name. Values after the template's name
//                           bind parameters for every row; each row gives the op, then the values
//                           of the remaining parameters in order, separated by '|'. The last value
//                           is the rest of the line, so it may contain '|' (as in "a | b"). Values
//                           may use $op and the lets.
//
// Indentation: a case or template body is re-indented as a whole (its smallest indentation is
// removed), then placed at the switch's case level; before/after blocks are copied as they are.
//
// Checks: every member of enum Op (src/Microwasm/Interpreter/Op.cs) has exactly one handler, and
// every handler names a member of Op.
//
// To add an instruction: add it to Op.cs, then add a row to the family it belongs to (or a "case"
// block where its neighbours are), and run the generator.

using System.Text;
using System.Text.RegularExpressions;

namespace Microwasm.Codegen;

#if !MICROWASM_CODEGEN_LIBRARY
internal static class Program
{
    private static int Main(string[] args)
    {
        var check = args.Contains("--check");
        var root = InterpreterLoopGenerator.FindRepositoryRoot(Directory.GetCurrentDirectory());
        var output = Path.Combine(root, InterpreterLoopGenerator.OutputPath);
        string generated;
        try
        {
            generated = InterpreterLoopGenerator.Generate(
                File.ReadAllText(Path.Combine(root, InterpreterLoopGenerator.DescriptionPath)),
                File.ReadAllText(Path.Combine(root, InterpreterLoopGenerator.OpPath)));
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{InterpreterLoopGenerator.DescriptionPath}: {e.Message}");
            return 2;
        }
        var current = File.Exists(output) ? File.ReadAllText(output).ReplaceLineEndings("\n") : null;
        if (check)
        {
            if (current != generated)
            {
                Console.Error.WriteLine($"{InterpreterLoopGenerator.OutputPath} is out of date: run dotnet run tools/codegen/InterpreterLoop.cs");
                return 1;
            }
            Console.WriteLine($"{InterpreterLoopGenerator.OutputPath} is up to date");
            return 0;
        }
        if (current != generated)
        {
            File.WriteAllText(output, generated);
        }
        Console.WriteLine($"{InterpreterLoopGenerator.OutputPath}: {generated.Count(c => c == '\n')} lines");
        return 0;
    }
}
#endif

/// <summary>Turns the loop's description into the generated source (pure: no file access).</summary>
internal static partial class InterpreterLoopGenerator
{
    public const string DescriptionPath = "src/Microwasm/Interpreter/InterpreterLoop.ops";
    public const string OpPath = "src/Microwasm/Interpreter/Op.cs";
    public const string OutputPath = "src/Microwasm/Interpreter/InterpreterLoop.g.cs";

    /// <summary>The indentation of "case Op.X:" in the generated switch.</summary>
    private const int CaseIndent = 16;

    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Microwasm.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Microwasm.slnx above {start}");
    }

    /// <summary>The generated file for <paramref name="description"/>; <paramref name="opSource"/> is Op.cs.</summary>
    /// <exception cref="FormatException">The description is malformed or does not cover Op exactly.</exception>
    public static string Generate(string description, string opSource)
    {
        var lines = description.ReplaceLineEndings("\n").Split('\n');
        var templates = new Dictionary<string, Template>();
        var lets = new Dictionary<string, string>();
        var cases = new List<(string Op, List<string> Body, int Line)>();
        string? before = null;
        string? after = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var directive = line.Split(' ', 2)[0];
            var argument = line.Length > directive.Length ? line[(directive.Length + 1)..].Trim() : "";
            var start = i + 1;
            switch (directive)
            {
                case "before":
                    before = string.Join("\n", ReadBlock(lines, ref i));
                    break;
                case "after":
                    after = string.Join("\n", ReadBlock(lines, ref i));
                    break;
                case "case":
                    cases.Add((RequireName(argument, start), ReadBlock(lines, ref i), start));
                    break;
                case "template":
                {
                    var template = ParseTemplateHead(argument, start);
                    template.Body.AddRange(ReadBlock(lines, ref i));
                    if (!templates.TryAdd(template.Name, template))
                    {
                        throw new FormatException($"line {start}: template {template.Name} is defined twice");
                    }
                    break;
                }
                case "let":
                {
                    var equals = argument.IndexOf('=');
                    var name = equals < 0 ? "" : argument[..equals].Trim();
                    if (!Identifier().IsMatch(name) || name == "op" || !lets.TryAdd(name, argument[(equals + 1)..].Trim()))
                    {
                        throw new FormatException($"line {start}: expected 'let name = text' with a new name");
                    }
                    break;
                }
                case "rows":
                    foreach (var row in ExpandRows(argument, ReadBlock(lines, ref i), templates, lets, start))
                    {
                        cases.Add(row);
                    }
                    break;
                default:
                    throw new FormatException($"line {start}: unknown directive '{directive}'");
            }
        }
        if (before is null || after is null)
        {
            throw new FormatException("the description needs a 'before' and an 'after' block");
        }
        CheckCoverage(cases, ParseOps(opSource));

        var output = new StringBuilder();
        output.Append("// <auto-generated/>\n");
        output.Append($"// Generated by tools/codegen/InterpreterLoop.cs from {DescriptionPath}: edit that, then run\n");
        output.Append("// dotnet run tools/codegen/InterpreterLoop.cs (InterpreterLoopGeneratorTests fails while this file is stale).\n");
        output.Append("#nullable enable\n");
        output.Append(before).Append('\n');
        foreach (var (op, body, _) in cases)
        {
            output.Append(' ', CaseIndent).Append("case Op.").Append(op).Append(":\n");
            var block = body.Count > 0 && body[0].TrimStart().StartsWith('{');
            foreach (var bodyLine in Reindent(body, block ? CaseIndent : CaseIndent + 4))
            {
                output.Append(bodyLine).Append('\n');
            }
        }
        output.Append(after).Append('\n');
        return output.ToString();
    }

    private sealed record Template(string Name, List<string> Parameters, List<string> Body, int Line);

    private static Template ParseTemplateHead(string head, int line)
    {
        var match = TemplateHead().Match(head);
        if (!match.Success)
        {
            throw new FormatException($"line {line}: expected 'template Name(p1, p2, ...)'");
        }
        var parameters = match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var parameter in parameters)
        {
            if (!Identifier().IsMatch(parameter) || parameter == "op")
            {
                throw new FormatException($"line {line}: bad parameter name '{parameter}'");
            }
        }
        return new Template(match.Groups[1].Value, parameters, [], line);
    }

    private static IEnumerable<(string Op, List<string> Body, int Line)> ExpandRows(
        string head, List<string> rows, Dictionary<string, Template> templates, Dictionary<string, string> lets, int line)
    {
        var parts = head.Split('|', StringSplitOptions.TrimEntries);
        if (!templates.TryGetValue(parts[0], out var template))
        {
            throw new FormatException($"line {line}: no template named '{parts[0]}' above");
        }
        var bound = new Dictionary<string, string>();
        foreach (var binding in parts.Skip(1))
        {
            var equals = binding.IndexOf('=');
            var name = equals < 0 ? "" : binding[..equals].Trim();
            if (!template.Parameters.Contains(name) || !bound.TryAdd(name, binding[(equals + 1)..].Trim()))
            {
                throw new FormatException($"line {line}: '{binding}' does not bind a parameter of {template.Name} (once)");
            }
        }
        var columns = template.Parameters.Where(p => !bound.ContainsKey(p)).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Trim().Length == 0 || row.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var values = row.Split('|', columns.Count + 1, StringSplitOptions.TrimEntries);
            if (values.Length != columns.Count + 1)
            {
                throw new FormatException($"line {line + 1 + r}: {template.Name} needs the op and {columns.Count} values ({string.Join(", ", columns)})");
            }
            // the values first (they may use $op and the lets), then the template's body
            var named = new Dictionary<string, string>(lets) { ["op"] = RequireName(values[0], line + 1 + r) };
            var arguments = new Dictionary<string, string>(named);
            foreach (var (name, value) in bound)
            {
                arguments[name] = Substitute(value, named, $"line {line}");
            }
            for (var c = 0; c < columns.Count; c++)
            {
                arguments[columns[c]] = Substitute(values[c + 1], named, $"line {line + 1 + r}");
            }
            var where = $"template {template.Name} (line {template.Line})";
            var body = template.Body.Select(text => Substitute(text, arguments, where)).ToList();
            yield return (arguments["op"], body, line + 1 + r);
        }
    }

    private static string Substitute(string text, Dictionary<string, string> arguments, string where) =>
        Placeholder().Replace(text, match => arguments.TryGetValue(match.Groups[1].Value + match.Groups[2].Value, out var value)
            ? value
            : throw new FormatException($"{where}: unknown placeholder {match.Value}"));

    /// <summary>The lines after a directive up to its "end"; leaves <paramref name="i"/> on the "end".</summary>
    private static List<string> ReadBlock(string[] lines, ref int i)
    {
        var start = i + 1;
        var block = new List<string>();
        for (i++; i < lines.Length; i++)
        {
            if (lines[i] == "end")
            {
                return block;
            }
            block.Add(lines[i].TrimEnd());
        }
        throw new FormatException($"line {start}: block without 'end'");
    }

    private static string RequireName(string name, int line) =>
        Identifier().IsMatch(name) ? name : throw new FormatException($"line {line}: '{name}' is not an op name");

    private static IEnumerable<string> Reindent(List<string> body, int indent)
    {
        var common = body.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return body.Select(l => l.Length == 0 ? "" : new string(' ', indent) + l[common..]);
    }

    /// <summary>The members of enum Op, in order.</summary>
    private static List<string> ParseOps(string opSource)
    {
        var start = opSource.IndexOf("enum Op", StringComparison.Ordinal);
        var open = start < 0 ? -1 : opSource.IndexOf('{', start);
        var close = open < 0 ? -1 : opSource.IndexOf('}', open);
        if (close < 0)
        {
            throw new FormatException("Op.cs: no 'enum Op { ... }'");
        }
        return OpMember().Matches(opSource[(open + 1)..close]).Select(m => m.Groups[1].Value).ToList();
    }

    private static void CheckCoverage(List<(string Op, List<string> Body, int Line)> cases, List<string> ops)
    {
        var known = ops.ToHashSet();
        var seen = new Dictionary<string, int>();
        foreach (var (op, _, line) in cases)
        {
            if (!known.Contains(op))
            {
                throw new FormatException($"line {line}: Op has no member '{op}'");
            }
            if (!seen.TryAdd(op, line))
            {
                throw new FormatException($"line {line}: {op} already has a handler (line {seen[op]})");
            }
        }
        var missing = ops.Where(op => !seen.ContainsKey(op)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"no handler for {string.Join(", ", missing)}");
        }
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*\(([^)]*)\)$")]
    private static partial Regex TemplateHead();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex Placeholder();

    // a member line of the enum: its name, then an optional "= value" and a comma; comments skipped
    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=[^,\n]*)?,?\s*$", RegexOptions.Multiline)]
    private static partial Regex OpMember();
}
