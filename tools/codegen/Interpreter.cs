// Generates the repetitive parts of the interpreter from their descriptions:
//
//   src/Microwasm/Interpreter/InterpreterLoop.ops -> InterpreterLoop.g.cs  (the dispatch loop, Run)
//   src/Microwasm/Interpreter/SimdHandlers.ops    -> SimdHandlers.g.cs     (one method per SIMD op)
//
//   dotnet run tools/codegen/Interpreter.cs             writes the files (run from anywhere inside
//                                                       the repository)
//   dotnet run tools/codegen/Interpreter.cs -- --check  exits with 1 if a file is out of date
//
// tests/Microwasm.Tests compiles this file too (InterpreterCodegenTests) and fails when a committed
// output is not what its description generates: edit the description, never the output.
//
// Why a generator: Run is one method with one switch, because its speed depends on that (ip, fp and
// the memory's base and length stay in registers across all handlers; see Interpreter/RATIONALE.md).
// Written out, that method is 2,200 lines of handlers that mostly differ in an operator or a type;
// the 236 SIMD handlers are one method each plus a line in their table. A description writes each
// family's shape once (a template) and each instruction once (a row of the template, or a
// hand-written case for the irregular ones).
//
// THE DESCRIPTION FORMAT (*.ops). A sequence of directives. Outside blocks, blank lines and lines
// starting with '#' are ignored. A block is every line after its directive up to a line that is
// exactly "end". Handlers are emitted in the order they appear (for the loop, that is the order of
// the switch, and so of the handlers in the machine code: keep hot ones where they are unless you
// measure).
//
//   before ... end          Verbatim text before the first handler (usings, class, method head).
//   after ... end           Verbatim text after the last handler.
//                           In both, a line "$foreach TEXT" is TEXT once per handler, in order, with
//                           $op replaced (at the line's indentation).
//   handler ... end         How each handler is emitted: $op is its name, and the line "$body" is
//                           replaced by its body, re-indented to that line's indentation (a body
//                           that is one block, "{" ... "}", 4 columns less: C# puts a case's block
//                           at the case label's level).
//   case Op ... end         One hand-written handler's body.
//   let name = text         A named piece of text: $name stands for it in templates and rows below
//                           (e.g. how an operand slot is read as each value type).
//   template Name(p1, p2, ...) ... end
//                           The body of a family of handlers. $p1, $p2, ... are replaced by a row's
//                           values, $op by the row's op name and $name by a 'let' ('$' followed by
//                           any other name is an error); ${name} is the same, for a name followed by
//                           letters or digits.
//   rows Name [| p = value]... then lines "Op | value | value ..." then end
//                           One handler per row, from template Name. Values after the template's
//                           name bind parameters for every row; each row gives the op, then the
//                           values of the remaining parameters in order, separated by '|'. The last
//                           value is the rest of the line, so it may contain '|' (as in "a | b").
//                           Values may use $op and the lets.
//
// A body is re-indented as a whole (its smallest indentation is removed first), so write it at any
// indentation. Checks: every member of the target's enum (Op, SimdOpcode) has exactly one handler,
// and every handler names a member.
//
// To add an instruction: add it to the enum, then a row to the family it belongs to (or a "case"
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
        var root = InterpreterCodegen.FindRepositoryRoot(Directory.GetCurrentDirectory());
        var stale = 0;
        foreach (var target in InterpreterCodegen.Targets)
        {
            var output = Path.Combine(root, target.OutputPath);
            string generated;
            try
            {
                generated = InterpreterCodegen.Generate(target, path => File.ReadAllText(Path.Combine(root, path)));
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"{target.DescriptionPath}: {e.Message}");
                return 2;
            }
            var current = File.Exists(output) ? File.ReadAllText(output).ReplaceLineEndings("\n") : null;
            if (current == generated)
            {
                Console.WriteLine($"{target.OutputPath} is up to date");
            }
            else if (check)
            {
                Console.Error.WriteLine($"{target.OutputPath} is out of date: run dotnet run tools/codegen/Interpreter.cs");
                stale++;
            }
            else
            {
                File.WriteAllText(output, generated);
                Console.WriteLine($"{target.OutputPath}: written, {generated.Count(c => c == '\n')} lines");
            }
        }
        return stale == 0 ? 0 : 1;
    }
}
#endif

/// <summary>
/// One generated file: its description, the enum whose members it must cover, its output, and
/// textual replacements made in the output (each must match at least once), which make a variant of
/// a description's output (the interpreter's ReadyToRun loop, RunCold) without a second description.
/// </summary>
internal sealed record CodegenTarget(string DescriptionPath, string EnumPath, string EnumName, string OutputPath, (string From, string To)[]? Replacements = null);

/// <summary>Turns a description into the generated source (pure: files are read through a delegate).</summary>
internal static partial class InterpreterCodegen
{
    public static readonly CodegenTarget Loop = new(
        "src/Microwasm/Interpreter/InterpreterLoop.ops", "src/Microwasm/Interpreter/Op.cs", "Op",
        "src/Microwasm/Interpreter/InterpreterLoop.g.cs");

    public static readonly CodegenTarget Simd = new(
        "src/Microwasm/Interpreter/SimdHandlers.ops", "src/Microwasm/Model/SimdOpcode.cs", "SimdOpcode",
        "src/Microwasm/Interpreter/SimdHandlers.g.cs");

    /// <summary>
    /// The loop's ReadyToRun copies, RunCold0 to RunCold3 (see InterpreterLoop.Invoke and
    /// Interpreter/RATIONALE.md, "Start-up"): Run's handlers without AggressiveOptimization (which
    /// keeps a method out of the image), whose back-edges and calls also count down
    /// LoopState.ColdBudget and leave for Run at a spent budget once Run is compiled. Four copies lie
    /// one after the other in the image, at different offsets from a 64-byte line; the loop runs the
    /// one that starts on a line.
    /// </summary>
    public static CodegenTarget ColdLoop(int copy) => Loop with
    {
        OutputPath = $"src/Microwasm/Interpreter/InterpreterLoop.Cold{copy}.g.cs",
        Replacements =
        [
            ("    /// The dispatch loop. Keeps only the hot state in locals (ip, fp, the memory's base and length);\n",
                "    /// A ReadyToRun copy of the dispatch loop (see Invoke): Run with polls that count down\n" +
                "    /// s.ColdBudget and switch to Run once it is compiled. Keeps only the hot state in locals (ip,\n    /// fp, the memory's base and length);\n"),
            ("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]\n    private static void Run(", $"    private static void RunCold{copy}("),
            ("Jump(ip", "JumpCold(ip"),
            // the direct call's guard only (its failure jumps to RefuseCall, which tells the budget from a limit)
            ("calleeFp + code.FrameSlots > s.StackEnd || s.Context.InterruptRequested)\n",
                "calleeFp + code.FrameSlots > s.StackEnd || s.Context.InterruptRequested || --s.ColdBudget < 0)\n"),
            ("        RefuseCall:\n            RefuseCall(s.Context);\n",
                "        RefuseCall:\n            if (s.ColdBudget < 0 && !s.Context.InterruptRequested)\n            {\n" +
                "                // the budget, not a limit: run the call again here or in Run\n" +
                "                s.ResumeIp = ip;\n                if (ColdBudgetSpent(ref s, fp))\n                {\n                    return;\n                }\n" +
                "                continue;\n            }\n            RefuseCall(s.Context);\n"),
        ],
    };

    public static readonly CodegenTarget[] Targets = [Loop, ColdLoop(0), ColdLoop(1), ColdLoop(2), ColdLoop(3), Simd];

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

    /// <summary>The generated file of <paramref name="target"/>, reading its inputs with <paramref name="read"/>.</summary>
    public static string Generate(CodegenTarget target, Func<string, string> read) =>
        Generate(target, read(target.DescriptionPath), read(target.EnumPath));

    /// <summary>The generated file for <paramref name="description"/>; <paramref name="enumSource"/> declares the target's enum.</summary>
    /// <exception cref="FormatException">The description is malformed or does not cover the enum exactly.</exception>
    public static string Generate(CodegenTarget target, string description, string enumSource)
    {
        var lines = description.ReplaceLineEndings("\n").Split('\n');
        var templates = new Dictionary<string, Template>();
        var lets = new Dictionary<string, string>();
        var handlers = new List<(string Op, List<string> Body, int Line)>();
        List<string>? before = null;
        List<string>? after = null;
        List<string>? handler = null;
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
                    before = ReadBlock(lines, ref i);
                    break;
                case "after":
                    after = ReadBlock(lines, ref i);
                    break;
                case "handler":
                    handler = ReadBlock(lines, ref i);
                    break;
                case "case":
                    handlers.Add((RequireName(argument, start), ReadBlock(lines, ref i), start));
                    break;
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
                case "rows":
                    handlers.AddRange(ExpandRows(argument, ReadBlock(lines, ref i), templates, lets, start));
                    break;
                default:
                    throw new FormatException($"line {start}: unknown directive '{directive}'");
            }
        }
        if (before is null || after is null || handler is null)
        {
            throw new FormatException("the description needs a 'before', a 'handler' and an 'after' block");
        }
        CheckCoverage(handlers, ParseEnum(enumSource, target.EnumName));

        var output = new StringBuilder();
        output.Append("// <auto-generated/>\n");
        output.Append($"// Generated by tools/codegen/Interpreter.cs from {target.DescriptionPath}: edit that, then run\n");
        output.Append("// dotnet run tools/codegen/Interpreter.cs (InterpreterCodegenTests fails while this file is stale).\n");
        output.Append("#nullable enable\n");
        AppendVerbatim(output, before, handlers);
        foreach (var (op, body, _) in handlers)
        {
            var names = new Dictionary<string, string> { ["op"] = op };
            foreach (var text in handler)
            {
                if (text.Trim() == "$body")
                {
                    var indent = text.Length - text.TrimStart().Length;
                    var block = body.Count > 0 && body[0].TrimStart().StartsWith('{');
                    foreach (var bodyLine in Reindent(body, block ? indent - 4 : indent))
                    {
                        output.Append(bodyLine).Append('\n');
                    }
                }
                else
                {
                    output.Append(Substitute(text, names, "the handler block")).Append('\n');
                }
            }
        }
        AppendVerbatim(output, after, handlers);
        var generated = output.ToString();
        foreach (var (from, to) in target.Replacements ?? [])
        {
            if (!generated.Contains(from, StringComparison.Ordinal))
            {
                throw new FormatException($"{target.OutputPath}: the replacement of '{from}' matches nothing in the output");
            }
            generated = generated.Replace(from, to, StringComparison.Ordinal);
        }
        return generated;
    }

    private static void AppendVerbatim(StringBuilder output, List<string> block, List<(string Op, List<string> Body, int Line)> handlers)
    {
        foreach (var text in block)
        {
            if (text.TrimStart().StartsWith("$foreach ", StringComparison.Ordinal))
            {
                var indent = text[..(text.Length - text.TrimStart().Length)];
                var repeated = text.TrimStart()["$foreach ".Length..];
                foreach (var (op, _, _) in handlers)
                {
                    output.Append(indent).Append(Substitute(repeated, new() { ["op"] = op }, "$foreach")).Append('\n');
                }
            }
            else
            {
                output.Append(text).Append('\n');
            }
        }
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

    /// <summary>The members of enum <paramref name="name"/>, in order.</summary>
    private static List<string> ParseEnum(string source, string name)
    {
        var start = Regex.Match(source, $@"\benum {name}\b").Index;
        var open = start <= 0 ? -1 : source.IndexOf('{', start);
        var close = open < 0 ? -1 : source.IndexOf('}', open);
        if (close < 0)
        {
            throw new FormatException($"no 'enum {name} {{ ... }}'");
        }
        return EnumMember().Matches(source[(open + 1)..close]).Select(m => m.Groups[1].Value).ToList();
    }

    private static void CheckCoverage(List<(string Op, List<string> Body, int Line)> handlers, List<string> ops)
    {
        var known = ops.ToHashSet();
        var seen = new Dictionary<string, int>();
        foreach (var (op, _, line) in handlers)
        {
            if (!known.Contains(op))
            {
                throw new FormatException($"line {line}: the enum has no member '{op}'");
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
    private static partial Regex EnumMember();
}
