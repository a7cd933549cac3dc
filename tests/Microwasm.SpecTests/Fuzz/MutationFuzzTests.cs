using Microwasm.Runtime;
using System.Diagnostics;
using Microwasm.Binary;
using Microwasm.Cli;
using Microwasm.Cli.Wast;
using Microwasm.Validation;
using Xunit.Abstractions;

namespace Microwasm.SpecTests.Fuzz;

/// <summary>
/// Feeds mutated spec modules to the decoder and validator. Whatever the bytes, they may only
/// reject the module with their own exception types, and must do it quickly.
/// </summary>
public class MutationFuzzTests
{
    private const int Seed = 0x5EED_2025;
    private const int Inputs = 100_000;

    // The 2026 suite's modules: the recognisers of 3.0 features (GC types, 64-bit limits, tags,
    // memory indices, ...) see their own encodings mutated.
    private const int LatestInputs = 40_000;
    private static readonly TimeSpan s_perInputLimit = TimeSpan.FromSeconds(1);

    // Far above the per-input limit: only a decoder or validator that never returns trips it,
    // and then the test fails at once instead of hanging the run.
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(30);

    private const int MaxReportedEscapes = 10;

    private static readonly byte[] s_interestingBytes = [0x00, 0x01, 0x0B, 0x40, 0x41, 0x7F, 0x80, 0xFC, 0xFD, 0xFF];

    private readonly ITestOutputHelper _output;

    public MutationFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void MutatedSpecModulesFailOnlyWithWasmErrorsAndQuickly()
    {
        var corpus = LoadCorpus([.. SpecCorpus.CoreScriptNames().Select(name => Path.Combine(SpecCorpus.TestSuiteDirectory, name + ".wast"))]);
        Assert.True(corpus.Count > 1000, $"{corpus.Count} modules found in {SpecCorpus.TestSuiteDirectory}");
        Fuzz(corpus, Inputs);
    }

    [Fact]
    public void MutatedModulesOfThe2026SuiteFailOnlyWithWasmErrorsAndQuickly()
    {
        var corpus = LoadCorpus(SpecCorpus.LatestScripts());
        Assert.True(corpus.Count > 3000, $"{corpus.Count} modules found in {SpecCorpus.LatestDirectory}");
        Fuzz(corpus, LatestInputs);
    }

    private void Fuzz(List<(string Name, byte[] Bytes)> corpus, int inputs)
    {
        var run = new FuzzRun(corpus, inputs);
        // A separate thread lets the test notice a hang; it is a background thread so that a
        // decoder stuck in a loop cannot keep the test host alive.
        var thread = new Thread(run.Execute) { IsBackground = true, Name = "mutation fuzz" };
        thread.Start();
        while (!thread.Join(TimeSpan.FromMilliseconds(200)))
        {
            var current = run.CurrentInputElapsed;
            Assert.True(current < s_hangLimit, $"input {run.CurrentInput} has not finished after {current.TotalSeconds:F0} s: {run.Describe(run.CurrentInput)}");
        }
        if (run.Crash is { } crash)
        {
            throw new InvalidOperationException("the fuzz loop itself failed", crash);
        }

        _output.WriteLine($"{inputs} inputs from {corpus.Count} modules in {run.Total.TotalSeconds:F1} s; " +
            $"rejected: {run.DecodeErrors} malformed, {run.ValidationErrors} invalid, {run.Unsupported} unsupported; accepted: {run.Accepted}; " +
            $"slowest {run.MaxElapsed.TotalMilliseconds:F1} ms (input {run.SlowestInput})");

        Assert.True(run.Escapes.Count == 0,
            $"{run.EscapeCount} of {inputs} inputs raised exceptions other than WasmDecodeException, WasmValidationException and " +
            $"WasmUnsupportedFeatureException ({string.Join(", ", run.EscapeTypes.Select(kv => $"{kv.Key} ×{kv.Value}"))}); first ones:" +
            Environment.NewLine + string.Join(Environment.NewLine, run.Escapes));
        Assert.True(run.MaxElapsed < s_perInputLimit,
            $"input {run.SlowestInput} took {run.MaxElapsed.TotalMilliseconds:F0} ms (limit {s_perInputLimit.TotalMilliseconds} ms): {run.Describe(run.SlowestInput)}");
    }

    /// <summary>
    /// The distinct binaries of the scripts' module and assert_invalid commands (text modules
    /// assembled by Microwasm.Text), in a fixed order.
    /// </summary>
    private static List<(string Name, byte[] Bytes)> LoadCorpus(IReadOnlyList<string> scripts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var corpus = new List<(string, byte[])>();
        foreach (var path in scripts)
        {
            var script = WastScript.Load(path);
            foreach (var command in script.Commands)
            {
                if (command.Type is "module" or "assert_invalid" && command.ModuleSource is { } source && command.Filename is { } file)
                {
                    byte[] bytes;
                    try
                    {
                        bytes = source();
                    }
                    catch (Microwasm.Text.WatParseException)
                    {
                        continue;
                    }
                    if (seen.Add(Convert.ToBase64String(bytes)))
                    {
                        corpus.Add((file, bytes));
                    }
                }
            }
        }
        return corpus;
    }

    /// <summary>The loop and its findings; read by the test thread only after it ends, except the progress fields.</summary>
    private sealed class FuzzRun
    {
        private readonly List<(string Name, byte[] Bytes)> _corpus;
        private readonly int _inputs;
        private long _currentStart;
        private int _currentInput;

        public FuzzRun(List<(string Name, byte[] Bytes)> corpus, int inputs)
        {
            _corpus = corpus;
            _inputs = inputs;
            _currentStart = Stopwatch.GetTimestamp();
        }

        public int DecodeErrors { get; private set; }
        public int ValidationErrors { get; private set; }
        public int Unsupported { get; private set; }
        public int Accepted { get; private set; }
        public int EscapeCount { get; private set; }
        public List<string> Escapes { get; } = [];
        public SortedDictionary<string, int> EscapeTypes { get; } = new(StringComparer.Ordinal);
        public TimeSpan MaxElapsed { get; private set; }
        public int SlowestInput { get; private set; }
        public TimeSpan Total { get; private set; }
        public Exception? Crash { get; private set; }

        public int CurrentInput => Volatile.Read(ref _currentInput);

        public TimeSpan CurrentInputElapsed => Stopwatch.GetElapsedTime(Volatile.Read(ref _currentStart));

        public void Execute()
        {
            try
            {
                var total = Stopwatch.StartNew();
                for (var i = 0; i < _inputs; i++)
                {
                    var (bytes, _) = Mutate(i);
                    var start = Stopwatch.GetTimestamp();
                    Volatile.Write(ref _currentStart, start);
                    Volatile.Write(ref _currentInput, i);
                    var outcome = DecodeAndValidate(bytes);
                    var elapsed = Stopwatch.GetElapsedTime(start);
                    if (elapsed > MaxElapsed)
                    {
                        MaxElapsed = elapsed;
                        SlowestInput = i;
                    }
                    if (outcome is not null)
                    {
                        EscapeCount++;
                        var type = outcome.GetType().FullName ?? outcome.GetType().Name;
                        EscapeTypes[type] = EscapeTypes.GetValueOrDefault(type) + 1;
                        if (Escapes.Count < MaxReportedEscapes)
                        {
                            var frame = outcome.StackTrace?.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
                            Escapes.Add($"  input {i}: {Describe(i)}: {type}: {outcome.Message} {frame}");
                        }
                    }
                }
                Total = total.Elapsed;
            }
            catch (Exception ex)
            {
                Crash = ex;
            }
        }

        /// <summary>Decodes and validates; returns the exception if it is not one of the allowed kinds.</summary>
        private Exception? DecodeAndValidate(byte[] bytes)
        {
            try
            {
                ModuleLoader.Load(bytes);
                Accepted++;
            }
            catch (WasmDecodeException)
            {
                DecodeErrors++;
            }
            catch (WasmValidationException)
            {
                ValidationErrors++;
            }
            catch (Exception ex) when (ex is WasmUnsupportedFeatureException)
            {
                Unsupported++;
            }
            catch (Exception ex)
            {
                return ex;
            }
            return null;
        }

        public string Describe(int input) => Mutate(input).Description;

        /// <summary>
        /// Input <paramref name="input"/>: a corpus module with one to three mutations. Each input
        /// has its own seeded generator, so any input can be rebuilt from its number alone.
        /// </summary>
        public (byte[] Bytes, string Description) Mutate(int input)
        {
            var random = new Random(unchecked(Seed + input * 16_777_619));
            var (name, original) = _corpus[random.Next(_corpus.Count)];
            var bytes = new List<byte>(original);
            var steps = new List<string>();
            var count = random.Next(4) == 0 ? 2 + random.Next(2) : 1;
            for (var m = 0; m < count; m++)
            {
                steps.Add(MutateOnce(random, bytes));
            }
            return ([.. bytes], $"{name} ({original.Length} bytes) {string.Join(", ", steps)}");
        }

        private static string MutateOnce(Random random, List<byte> bytes)
        {
            if (bytes.Count == 0)
            {
                var b = (byte)random.Next(256);
                bytes.Add(b);
                return $"insert 0x{b:x2} at 0";
            }
            var at = Position(random, bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                {
                    var bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    return $"flip bit {bit} at 0x{at:x}";
                }
                case 1:
                {
                    var value = random.Next(2) == 0 ? s_interestingBytes[random.Next(s_interestingBytes.Length)] : (byte)random.Next(256);
                    bytes[at] = value;
                    return $"set 0x{at:x} to 0x{value:x2}";
                }
                case 2:
                {
                    bytes.RemoveRange(at, bytes.Count - at);
                    return $"truncate to {at} bytes";
                }
                case 3:
                {
                    var inserted = new byte[1 + random.Next(8)];
                    for (var k = 0; k < inserted.Length; k++)
                    {
                        inserted[k] = random.Next(2) == 0 ? s_interestingBytes[random.Next(s_interestingBytes.Length)] : (byte)random.Next(256);
                    }
                    bytes.InsertRange(at, inserted);
                    return $"insert {Convert.ToHexStringLower(inserted)} at 0x{at:x}";
                }
                default:
                {
                    var length = Math.Min(1 + random.Next(8), bytes.Count - at);
                    bytes.RemoveRange(at, length);
                    return $"delete {length} bytes at 0x{at:x}";
                }
            }
        }

        // Mostly past the 8-byte header: a broken magic number or version is found at once and
        // teaches little, but it is still tried now and then.
        private static int Position(Random random, int length) =>
            length > 8 && random.Next(10) != 0 ? 8 + random.Next(length - 8) : random.Next(length);
    }
}
