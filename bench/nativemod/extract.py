#!/usr/bin/env python3
"""Writes the .NET assembly inside a .mwasm file (PrecompiledModule's layout) to OUT.dll; prints its name.
Layout: signature (8 bytes), u32 format version, u16 length + runtime build (UTF-8), SHA-256 (32),
u32 length + the module, u32 length + the assembly (all little-endian)."""
import struct, sys
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x00mwasm\r\n', 'not a .mwasm file'
at = 8 + 4
(n,) = struct.unpack_from('<H', data, at); at += 2 + n
sha = data[at:at + 32].hex(); at += 32
(n,) = struct.unpack_from('<I', data, at); at += 4 + n
(n,) = struct.unpack_from('<I', data, at); at += 4
code = data[at:at + n]; assert at + n == len(data), 'trailing bytes'
name = 'mwasm_' + sha
open(f'{sys.argv[2]}/{name}.dll', 'wb').write(code)
print(name)
