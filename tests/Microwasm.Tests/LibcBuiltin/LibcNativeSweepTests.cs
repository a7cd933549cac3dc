using Microwasm.Runtime;

namespace Microwasm.Tests.LibcBuiltin;

/// <summary>
/// Every libc native called with hostile i32 arguments (null, the last bytes of memory, just past
/// it, the top of the address space, the sign bit): each returns or ends in a deliberate
/// <see cref="WasmException"/>. The host-function wrapper turns any other exception into a trap
/// that carries it as its inner exception; such a trap here means an unchecked case in the native.
/// </summary>
public class LibcNativeSweepTests
{
    private const uint End = 65536;

    private static readonly uint[] Hostile = [0, 8, End - 1, End, 0x8000_0000, uint.MaxValue];

    [Fact]
    public void NoNativeLetsAnInternalExceptionOut()
    {
        var guest = new LibcTestGuest();
        var failures = new List<string>();
        foreach (var (name, function) in guest.Functions)
        {
            var arity = function.Type.Parameters.Length;
            var combinations = (int)Math.Pow(Hostile.Length, arity);
            for (var k = 0; k < combinations; k++)
            {
                var args = new uint[arity];
                for (int i = 0, rest = k; i < arity; i++, rest /= Hostile.Length)
                {
                    args[i] = Hostile[rest % Hostile.Length];
                }
                try
                {
                    guest.Call(name, args);
                }
                catch (WasmException e) when (e.InnerException is null)
                {
                }
                catch (Exception e)
                {
                    failures.Add($"{name}({string.Join(", ", args)}): {e.GetType().Name}: {e.Message}");
                }
                guest.Output.SetLength(0);
            }
        }
        Assert.Empty(failures);
    }
}
