#if MICROWASM_PROFILE
namespace Microwasm.Interpreter;

/// <summary>
/// Counts executed internal instructions and pairs of consecutive instructions; compiled in only
/// with <c>-p:MicrowasmProfile=true</c> (a measuring build, never shipped). At process exit it
/// writes the counts to the file named by <c>MICROWASM_PROFILE</c>, which is how the hot
/// sequences worth fusing are found (see RATIONALE.md).
/// </summary>
internal static unsafe class Profile
{
    private const int Ops = 512;
    private static readonly long[] s_counts = new long[Ops];
    private static readonly long[] s_pairs = new long[Ops * Ops];
    private static int s_previous;

    static Profile()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Write();
    }

    public static void Record(int* ip)
    {
        var op = *ip;
        s_counts[op]++;
        s_pairs[s_previous * Ops + op]++;
        s_previous = op;
    }

    private static void Write()
    {
        var path = Environment.GetEnvironmentVariable("MICROWASM_PROFILE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        using var writer = new StreamWriter(path);
        long total = 0;
        foreach (var c in s_counts)
        {
            total += c;
        }
        writer.WriteLine($"total {total}");
        foreach (var (op, count) in s_counts.Select((c, i) => (i, c)).Where(x => x.c > 0).OrderByDescending(x => x.c).Take(60))
        {
            writer.WriteLine($"op {(Op)op} {count} {100.0 * count / total:F2}%");
        }
        foreach (var (pair, count) in s_pairs.Select((c, i) => (i, c)).Where(x => x.c > 0).OrderByDescending(x => x.c).Take(60))
        {
            writer.WriteLine($"pair {(Op)(pair / Ops)} -> {(Op)(pair % Ops)} {count} {100.0 * count / total:F2}%");
        }
    }
}
#endif
