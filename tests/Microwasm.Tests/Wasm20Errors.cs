namespace Microwasm.Tests;

/// <summary>
/// The error WebAssembly 2.0 gives for bytes the decoder or validator reject. Where 3.0 reads the
/// same bytes differently (a 3.0 feature Microwasm lacks is <see cref="Microwasm.Validation.WasmUnsupportedFeatureException"/>,
/// a limit beyond 32 bits is invalid), the exception keeps 2.0's error, which is what the tests
/// written against 2.0 check; <see cref="Binary.Wasm3FeatureTests"/> checks the 3.0 side.
/// </summary>
internal static class Wasm20Errors
{
    public static T Throws<T>(Action action)
        where T : WasmException
    {
        var ex = Assert.ThrowsAny<WasmException>(action);
        return Assert.IsType<T>(ex.AsWasm20);
    }
}
