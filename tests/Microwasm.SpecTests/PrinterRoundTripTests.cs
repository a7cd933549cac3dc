using System.Security.Cryptography;
using System.Text;
using Microwasm.Binary;
using Microwasm.Text;
using Xunit.Abstractions;

namespace Microwasm.SpecTests;

/// <summary>
/// wasm → wat → wasm through <see cref="WatPrinter"/> and Microwasm's own parser, over every module
/// of both suites: the binaries our parser makes from the <c>.wast</c> scripts of the 2022 and 2026
/// suites (the scripts' binary modules as they are written). Each module
/// must come back byte for byte, unless the printer says which binary choice the text cannot
/// express (counted apart, by reason) or the module is malformed on purpose (an
/// <c>assert_malformed</c> binary, which the printer must refuse or print).
/// </summary>
public class PrinterRoundTripTests
{
    private readonly ITestOutputHelper _output;

    public PrinterRoundTripTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private sealed class Tally(string suite)
    {
        public string Suite { get; } = suite;
        public int Modules;
        public int Identical;
        public int MalformedRefused;
        public int MalformedPrinted;
        public readonly Dictionary<string, int> MalformedPrintedBy = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> NotExpressible = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal);
        public readonly List<string> Failures = [];
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);

        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append($"{Suite}: {Modules} distinct modules, {Identical} identical, ");
            text.Append($"{NotExpressible.Values.Sum()} not expressible in the text, {MalformedRefused} malformed ones refused, ");
            text.Append($"{MalformedPrinted} malformed ones printed, {Failures.Count} failed");
            foreach (var (reason, count) in NotExpressible.OrderByDescending(p => p.Value))
            {
                text.Append($"\n    not expressible: {reason}: {count} (e.g. {Examples[reason]})");
            }
            foreach (var (reason, count) in MalformedPrintedBy.OrderByDescending(p => p.Value))
            {
                text.Append($"\n    malformed, printed: {reason}: {count}");
            }
            foreach (var failure in Failures.Take(40))
            {
                text.Append("\n    FAILED ").Append(failure);
            }
            return text.ToString();
        }
    }

    /// <summary>One module: print, read back, compare. <paramref name="malformed"/>: an assert_malformed binary.</summary>
    private static void RoundTrip(Tally tally, string where, byte[] wasm, bool malformed)
    {
        if (!tally.Seen.Add(Convert.ToHexString(SHA256.HashData(wasm))))
        {
            return;
        }
        tally.Modules++;
        var notes = new List<string>();
        string text;
        try
        {
            text = WatPrinter.Print(wasm, notes);
        }
        catch (WasmDecodeException ex)
        {
            if (malformed)
            {
                tally.MalformedRefused++;
            }
            else
            {
                tally.Failures.Add($"{where}: not printed: {ex.Message}");
            }
            return;
        }
        byte[] again;
        try
        {
            again = Wat.ToBinary(text);
        }
        catch (WatParseException ex)
        {
            if (malformed)
            {
                Malformed(tally, notes);
            }
            else if (notes.Count > 0)
            {
                Count(tally, notes, where);
            }
            else
            {
                tally.Failures.Add($"{where}: the printed text does not parse: {ex.Message}");
            }
            return;
        }
        if (again.AsSpan().SequenceEqual(wasm))
        {
            tally.Identical++;
        }
        else if (malformed)
        {
            Malformed(tally, notes);
        }
        else if (notes.Count > 0)
        {
            // the bytes read back make those choices the text's way: they have nothing left to note and round-trip exactly
            var notesAgain = new List<string>();
            var textAgain = WatPrinter.Print(again, notesAgain);
            if (notesAgain.Count > 0 || !Wat.ToBinary(textAgain).AsSpan().SequenceEqual(again))
            {
                tally.Failures.Add($"{where}: not expressible ({string.Join("; ", notes)}), and the bytes read back do not round-trip ({string.Join("; ", notesAgain)})");
                return;
            }
            Count(tally, notes, where);
        }
        else
        {
            tally.Failures.Add($"{where}: {wasm.Length} bytes came back as {again.Length}, first difference at byte 0x{FirstDifference(wasm, again):X}");
        }
    }

    /// <summary>A malformed module the printer printed (it checks the structure it prints, not everything a decoder checks).</summary>
    private static void Malformed(Tally tally, List<string> notes)
    {
        tally.MalformedPrinted++;
        var reason = notes.Count > 0 ? string.Join("; ", notes) : "nothing noted";
        tally.MalformedPrintedBy[reason] = tally.MalformedPrintedBy.GetValueOrDefault(reason) + 1;
    }

    private static void Count(Tally tally, List<string> notes, string where)
    {
        var reason = string.Join("; ", notes);
        tally.Examples.TryAdd(reason, where);
        tally.NotExpressible[reason] = tally.NotExpressible.GetValueOrDefault(reason) + 1;
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }
        return n;
    }

    [Theory]
    [InlineData("spec-testsuite")]
    [InlineData("spec-testsuite-latest")]
    public void TheModulesOfTheWastScriptsRoundTrip(string suite)
    {
        var directory = Path.Combine(SpecCorpus.SharedDirectory, suite);
        var tally = new Tally(suite + ", modules of the .wast scripts");
        foreach (var file in Directory.EnumerateFiles(directory, "*.wast", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            List<WastScriptCommand> commands;
            try
            {
                commands = WastParser.Parse(File.ReadAllText(file));
            }
            catch (WatParseException)
            {
                // every script parses (LatestSuiteParseTests): nothing to round-trip here otherwise
                continue;
            }
            foreach (var command in commands)
            {
                if (command.Module is not { } module)
                {
                    continue;
                }
                byte[] wasm;
                try
                {
                    wasm = module.GetBinary();
                }
                catch (WatParseException)
                {
                    continue;
                }
                var malformed = command.Type is "assert_malformed" or "assert_malformed_custom";
                RoundTrip(tally, $"{Path.GetRelativePath(directory, file)}:{command.Line}", wasm, malformed);
            }
        }
        _output.WriteLine(tally.ToString());
        Assert.True(tally.Modules > 1000, $"{tally.Modules} modules");
        Assert.True(tally.Failures.Count == 0, tally.ToString());
    }
}
