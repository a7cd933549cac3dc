#!/usr/bin/env python3
"""Writes ModuleAssembly.g.cs for NativeMod: the precompiled assembly's name, and a typeof() of the
typed delegate (ModuleCompiler.DelegateType) of each function type in the module, so that NativeAOT
compiles those Func/Action instantiations: the runtime makes them with MakeGenericType, which NativeAOT
can only do for instantiations it compiled."""
import sys
wasm = open(sys.argv[1], 'rb').read()
name = sys.argv[2]
def leb(at):
    r = s = 0
    while True:
        b = wasm[at]; at += 1; r |= (b & 0x7f) << s; s += 7
        if b < 0x80: return r, at
clr = {0x7f: 'int', 0x7e: 'long', 0x7d: 'float', 0x7c: 'double', 0x70: 'ulong', 0x6f: 'ulong',
       0x7b: 'System.Runtime.Intrinsics.Vector128<byte>'}
at = 8; types = set()
while at < len(wasm):
    sid = wasm[at]; size, at = leb(at + 1); end = at + size
    if sid == 1:
        count, at = leb(at)
        for _ in range(count):
            assert wasm[at] == 0x60, 'only plain function types'
            n, at = leb(at + 1); ps = wasm[at:at + n]; at += n
            n, at = leb(at); rs = wasm[at:at + n]; at += n
            if len(rs) > 1 or len(ps) > 14: continue
            args = [clr[p] for p in ps] + ['Microwasm.Runtime.ExecutionEnvironment', 'int']
            types.add(f'System.Func<{", ".join(args + [clr[rs[0]]])}>' if rs else f'System.Action<{", ".join(args)}>')
    at = end
body = ',\n        '.join(f'typeof({t})' for t in sorted(types))
print(f'''namespace NativeMod;
internal static class ModuleAssembly
{{
    public const string Name = "{name}";
    public static readonly System.Type[] DelegateTypes =
    [
        {body}
    ];
}}''')
