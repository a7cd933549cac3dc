//! WAMR's attribute container (see app-sdk/include/bi-inc/attr_container.h
//! for the layout): `flags[2]`, then little-endian `u32 total_length`
//! (counting itself), `u16 tag_len` + tag + NUL, `u16 attr_num`, and each
//! attribute as `u16 key_len` + key + NUL, `u8 type`, value. Type codes are
//! WAMR's current numbering.

/// One attribute's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Byte(i8),
    Short(i16),
    Int(i32),
    Int64(i64),
    Uint8(u8),
    Uint16(u16),
    Uint32(u32),
    Uint64(u64),
    Float(f32),
    Double(f64),
    Bool(bool),
    String(String),
    ByteArray(Vec<u8>),
}

impl Value {
    fn type_code(&self) -> u8 {
        match self {
            Value::Byte(_) => 0,
            Value::Short(_) => 1,
            Value::Int(_) => 2,
            Value::Int64(_) => 3,
            Value::Uint8(_) => 4,
            Value::Uint16(_) => 5,
            Value::Uint32(_) => 6,
            Value::Uint64(_) => 7,
            Value::Float(_) => 10,
            Value::Double(_) => 11,
            Value::Bool(_) => 12,
            Value::String(_) => 13,
            Value::ByteArray(_) => 14,
        }
    }

    /// The value as an integer (a float's integer part, saturated; a bool is 0 or 1);
    /// None for strings and byte arrays.
    pub fn as_i64(&self) -> Option<i64> {
        Some(match *self {
            Value::Byte(v) => v as i64,
            Value::Short(v) => v as i64,
            Value::Int(v) => v as i64,
            Value::Int64(v) => v,
            Value::Uint8(v) => v as i64,
            Value::Uint16(v) => v as i64,
            Value::Uint32(v) => v as i64,
            Value::Uint64(v) => v.min(i64::MAX as u64) as i64,
            Value::Float(v) => v as i64,
            Value::Double(v) => v as i64,
            Value::Bool(v) => v as i64,
            Value::String(_) | Value::ByteArray(_) => return None,
        })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(v)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int64(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Uint32(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Double(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::String(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::String(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::ByteArray(v)
    }
}

/// An attribute container: a tag and attributes in insertion order (setting
/// an existing key replaces its value in place, as the C SDK does).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs {
    pub tag: String,
    pub attrs: Vec<(String, Value)>,
}

impl Attrs {
    pub fn new(tag: &str) -> Attrs {
        Attrs { tag: tag.to_string(), attrs: Vec::new() }
    }

    pub fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Attrs {
        let value = value.into();
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((key.to_string(), value)),
        }
        self
    }

    /// `set` for building: `Attrs::new("t").with("a", 1).with("b", "x")`.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Attrs {
        self.set(key, value);
        self
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The serialized container (no reserve), as `attr_container_serialize` would give it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = vec![0u8, 0, 0, 0, 0, 0];
        put_str16(&mut b, &self.tag);
        b.extend_from_slice(&(self.attrs.len() as u16).to_le_bytes());
        for (key, value) in &self.attrs {
            put_str16(&mut b, key);
            b.push(value.type_code());
            match value {
                Value::Byte(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Short(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Int(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Int64(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Uint8(v) => b.push(*v),
                Value::Uint16(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Uint32(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Uint64(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Float(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Double(v) => b.extend_from_slice(&v.to_le_bytes()),
                Value::Bool(v) => b.push(*v as u8),
                Value::String(s) => put_str16(&mut b, s),
                Value::ByteArray(a) => {
                    b.extend_from_slice(&(a.len() as u32).to_le_bytes());
                    b.extend_from_slice(a);
                }
            }
        }
        let total = (b.len() - 2) as u32;
        b[2..6].copy_from_slice(&total.to_le_bytes());
        b
    }

    /// Reads a serialized container; None when any part lies outside
    /// `total_length` or the buffer, or a type is unknown.
    pub fn parse(b: &[u8]) -> Option<Attrs> {
        let mut r = Reader { b: b.get(..)?, at: 2 };
        let total = r.u32()? as usize;
        if total < 4 || b.len() - 2 < total {
            return None;
        }
        r.b = &b[..2 + total];
        let tag = r.str16()?;
        let count = r.u16()?;
        let mut attrs = Vec::with_capacity(count.min(256) as usize);
        for _ in 0..count {
            let key = r.str16()?;
            let value = match r.take(1)?[0] {
                0 => Value::Byte(r.take(1)?[0] as i8),
                1 => Value::Short(r.u16()? as i16),
                2 => Value::Int(r.u32()? as i32),
                3 => Value::Int64(r.u64()? as i64),
                4 => Value::Uint8(r.take(1)?[0]),
                5 => Value::Uint16(r.u16()?),
                6 => Value::Uint32(r.u32()?),
                7 => Value::Uint64(r.u64()?),
                10 => Value::Float(f32::from_bits(r.u32()?)),
                11 => Value::Double(f64::from_bits(r.u64()?)),
                12 => Value::Bool(r.take(1)?[0] != 0),
                13 => Value::String(r.str16()?),
                14 => {
                    let n = r.u32()? as usize;
                    Value::ByteArray(r.take(n)?.to_vec())
                }
                _ => return None,
            };
            attrs.push((key, value));
        }
        Some(Attrs { tag, attrs })
    }
}

fn put_str16(b: &mut Vec<u8>, s: &str) {
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != 0).take(0xFFFE).collect();
    b.extend_from_slice(&((bytes.len() + 1) as u16).to_le_bytes());
    b.extend_from_slice(&bytes);
    b.push(0);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|s| u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8).map(|s| u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
    }
    /// A u16 length counting a NUL, then the bytes; the text ends at the first NUL.
    fn str16(&mut self) -> Option<String> {
        let n = self.u16()? as usize;
        let s = self.take(n)?;
        let s = s.split(|&c| c == 0).next().unwrap_or(&[]);
        Some(String::from_utf8_lossy(s).into_owned())
    }
}
