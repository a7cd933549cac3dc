// Attribute containers (WAMR's attr_container, current type numbering): a tag and typed key/value
// pairs, little-endian, as the runtime, the C SDK and the host tool read and write them.

export const enum AttrType {
  Byte = 0, Short = 1, Int = 2, Int64 = 3, Uint8 = 4, Uint16 = 5, Uint32 = 6, Uint64 = 7,
  Float = 10, Double = 11, Bool = 12, String = 13, ByteArray = 14,
}

/** One value: numbers are kept as i64 or f64 with their type code; strings and byte arrays as such. */
export class AttrValue {
  constructor(
    public type: AttrType,
    public integer: i64 = 0,
    public real: f64 = 0,
    public text: string = "",
    public bytes: Uint8Array = new Uint8Array(0),
  ) {}

  /** The value as an integer (numbers and booleans), 0 for strings and byte arrays. */
  asInt(): i64 {
    if (this.type == AttrType.Float || this.type == AttrType.Double) return <i64>this.real;
    return this.integer;
  }

  /** The value as a double (numbers and booleans). */
  asDouble(): f64 {
    if (this.type == AttrType.Float || this.type == AttrType.Double) return this.real;
    return <f64>this.integer;
  }
}

function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text, false));
}

/** An attribute container: build one with the set methods and toBytes, or read one with parse. */
export class Attrs {
  keys: string[] = [];
  values: AttrValue[] = [];

  constructor(public tag: string = "") {}

  private put(key: string, value: AttrValue): Attrs {
    const at = this.keys.indexOf(key);
    if (at >= 0) {
      this.values[at] = value;
    } else {
      this.keys.push(key);
      this.values.push(value);
    }
    return this;
  }

  setInt(key: string, value: i32): Attrs { return this.put(key, new AttrValue(AttrType.Int, <i64>value)); }
  setInt64(key: string, value: i64): Attrs { return this.put(key, new AttrValue(AttrType.Int64, value)); }
  setUint32(key: string, value: u32): Attrs { return this.put(key, new AttrValue(AttrType.Uint32, <i64>value)); }
  setDouble(key: string, value: f64): Attrs { return this.put(key, new AttrValue(AttrType.Double, 0, value)); }
  setBool(key: string, value: bool): Attrs { return this.put(key, new AttrValue(AttrType.Bool, value ? 1 : 0)); }
  setString(key: string, value: string): Attrs { return this.put(key, new AttrValue(AttrType.String, 0, 0, value)); }
  setBytes(key: string, value: Uint8Array): Attrs { return this.put(key, new AttrValue(AttrType.ByteArray, 0, 0, "", value)); }

  has(key: string): bool { return this.keys.indexOf(key) >= 0; }

  /** The value of key; check has(key) first (a missing key gives an Int 0). */
  get(key: string): AttrValue {
    const at = this.keys.indexOf(key);
    return at >= 0 ? this.values[at] : new AttrValue(AttrType.Int);
  }

  /** The container's bytes: i16 0 (reserved), u32 length of what follows, tag, u16 count, the attributes. */
  toBytes(): Uint8Array {
    const out = new Writer();
    out.u16(0);
    out.u32(0);
    out.str16(this.tag);
    out.u16(<u16>this.keys.length);
    for (let i = 0; i < this.keys.length; i++) {
      out.str16(this.keys[i]);
      const v = this.values[i];
      out.u8(<u8>v.type);
      switch (v.type) {
        case AttrType.Byte: case AttrType.Uint8: case AttrType.Bool: out.u8(<u8>v.integer); break;
        case AttrType.Short: case AttrType.Uint16: out.u16(<u16>v.integer); break;
        case AttrType.Int: case AttrType.Uint32: out.u32(<u32>v.integer); break;
        case AttrType.Int64: case AttrType.Uint64: out.u64(<u64>v.integer); break;
        case AttrType.Float: out.u32(reinterpret<u32>(<f32>v.real)); break;
        case AttrType.Double: out.u64(reinterpret<u64>(v.real)); break;
        case AttrType.String: out.str16(v.text); break;
        default: out.u32(<u32>v.bytes.length); out.bytes(v.bytes); break;
      }
    }
    const bytes = out.finish();
    const total = <u32>(bytes.length - 2);
    bytes[2] = <u8>total; bytes[3] = <u8>(total >> 8); bytes[4] = <u8>(total >> 16); bytes[5] = <u8>(total >> 24);
    return bytes;
  }

  /** Reads a container; null when the bytes are not a well-formed one. */
  static parse(b: Uint8Array): Attrs | null {
    const r = new Reader(b, 2);
    const total = r.u32();
    if (r.failed || total < 4 || <u32>(b.length - 2) < total) return null;
    r.end = 2 + <i32>total;
    const attrs = new Attrs(r.str16());
    const count = r.u16();
    for (let i: u32 = 0; i < count && !r.failed; i++) {
      const key = r.str16();
      const type = <i32>r.u8();
      let value: AttrValue;
      switch (type) {
        case AttrType.Byte: value = new AttrValue(AttrType.Byte, <i64><i8>r.u8()); break;
        case AttrType.Short: value = new AttrValue(AttrType.Short, <i64><i16>r.u16()); break;
        case AttrType.Int: value = new AttrValue(AttrType.Int, <i64><i32>r.u32()); break;
        case AttrType.Int64: value = new AttrValue(AttrType.Int64, <i64>r.u64()); break;
        case AttrType.Uint8: value = new AttrValue(AttrType.Uint8, <i64>r.u8()); break;
        case AttrType.Uint16: value = new AttrValue(AttrType.Uint16, <i64>r.u16()); break;
        case AttrType.Uint32: value = new AttrValue(AttrType.Uint32, <i64>r.u32()); break;
        case AttrType.Uint64: value = new AttrValue(AttrType.Uint64, <i64>r.u64()); break;
        case AttrType.Float: value = new AttrValue(AttrType.Float, 0, <f64>reinterpret<f32>(r.u32())); break;
        case AttrType.Double: value = new AttrValue(AttrType.Double, 0, reinterpret<f64>(r.u64())); break;
        case AttrType.Bool: value = new AttrValue(AttrType.Bool, r.u8() != 0 ? 1 : 0); break;
        case AttrType.String: value = new AttrValue(AttrType.String, 0, 0, r.str16()); break;
        case AttrType.ByteArray: { const n = r.u32(); value = new AttrValue(AttrType.ByteArray, 0, 0, "", r.take(<i32>n)); break; }
        default: return null;
      }
      attrs.put(key, value);
    }
    return r.failed ? null : attrs;
  }
}

/** A growing little-endian byte writer (big-endian for the packed messages, with be16/be32). */
export class Writer {
  private buffer: Uint8Array = new Uint8Array(64);
  private length: i32 = 0;

  private room(n: i32): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buffer.subarray(0, this.length));
    this.buffer = bigger;
  }

  u8(v: u8): void { this.room(1); this.buffer[this.length++] = v; }
  u16(v: u16): void { this.u8(<u8>v); this.u8(<u8>(v >> 8)); }
  u32(v: u32): void { this.u16(<u16>v); this.u16(<u16>(v >> 16)); }
  u64(v: u64): void { this.u32(<u32>v); this.u32(<u32>(v >> 32)); }
  be16(v: u16): void { this.u8(<u8>(v >> 8)); this.u8(<u8>v); }
  be32(v: u32): void { this.be16(<u16>(v >> 16)); this.be16(<u16>v); }
  bytes(b: Uint8Array): void { this.room(b.length); this.buffer.set(b, this.length); this.length += b.length; }

  /** A string as u16 length (with the NUL), its UTF-8 bytes (NULs dropped), a NUL. */
  str16(text: string): void {
    const b = utf8(text);
    let n = 0;
    for (let i = 0; i < b.length && n < 0xFFFE; i++) if (b[i] != 0) n++;
    this.u16(<u16>(n + 1));
    let written = 0;
    for (let i = 0; i < b.length && written < n; i++) if (b[i] != 0) { this.u8(b[i]); written++; }
    this.u8(0);
  }

  finish(): Uint8Array { return this.buffer.slice(0, this.length); }
}

/** A bounds-checked reader: past the end it sets failed and returns zeros. */
export class Reader {
  failed: bool = false;
  end: i32;

  constructor(public b: Uint8Array, public at: i32 = 0) { this.end = b.length; }

  take(n: i32): Uint8Array {
    if (n < 0 || this.end - this.at < n) { this.failed = true; return new Uint8Array(0); }
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  u8(): u8 { if (this.at >= this.end) { this.failed = true; return 0; } return this.b[this.at++]; }
  u16(): u16 { const lo = <u16>this.u8(); return lo | (<u16>this.u8() << 8); }
  u32(): u32 { const lo = <u32>this.u16(); return lo | (<u32>this.u16() << 16); }
  u64(): u64 { const lo = <u64>this.u32(); return lo | (<u64>this.u32() << 32); }
  be16(): u16 { const hi = <u16>this.u8(); return (hi << 8) | <u16>this.u8(); }
  be32(): u32 { const hi = <u32>this.be16(); return (hi << 16) | <u32>this.be16(); }

  /** A u16-length string; the text up to its first NUL. */
  str16(): string {
    const raw = this.take(<i32>this.u16());
    let n = 0;
    while (n < raw.length && raw[n] != 0) n++;
    return String.UTF8.decode(raw.slice(0, n).buffer);
  }
}
