using Microwasm.Model;

namespace Microwasm.Tests.Simd;

/// <summary>The SIMD loads of a whole vector (plain, extending, splatting, zero-filling), for the tests of each layer.</summary>
public static class SimdLoads
{
    /// <summary>Each load and the bytes it reads, which is also its natural alignment.</summary>
    public static TheoryData<SimdOpcode, int> WithAccessSize => new()
    {
        { SimdOpcode.V128Load, 16 },
        { SimdOpcode.V128Load8x8S, 8 },
        { SimdOpcode.V128Load8x8U, 8 },
        { SimdOpcode.V128Load16x4S, 8 },
        { SimdOpcode.V128Load16x4U, 8 },
        { SimdOpcode.V128Load32x2S, 8 },
        { SimdOpcode.V128Load32x2U, 8 },
        { SimdOpcode.V128Load8Splat, 1 },
        { SimdOpcode.V128Load16Splat, 2 },
        { SimdOpcode.V128Load32Splat, 4 },
        { SimdOpcode.V128Load64Splat, 8 },
        { SimdOpcode.V128Load32Zero, 4 },
        { SimdOpcode.V128Load64Zero, 8 },
    };
}
