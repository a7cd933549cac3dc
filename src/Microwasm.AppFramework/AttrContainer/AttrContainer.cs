using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Microwasm.AppFramework.AttrContainer;

/// <summary>
/// WAMR's attribute container (<c>attr_container_t</c>): a tag and an ordered list of uniquely keyed,
/// typed attributes, the usual payload of the application framework's requests, responses and events
/// (format 99, <c>FMT_ATTR_CONTAINER</c>). Mutable and not thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Strings (tag, keys, string values) are stored as UTF-8 C strings with a 16-bit length counting the
/// NUL, as in WAMR, so they cannot contain U+0000 and hold at most 65,534 UTF-8 bytes. Keys are
/// compared ordinally and must not be empty (WAMR's setters refuse empty keys). Setting an existing
/// key replaces its value in place, keeping its position, as WAMR's <c>attr_container_set_*</c> do.
/// </para>
/// <para>
/// Binary form: <see cref="Parse"/>, <see cref="TryParse(ReadOnlySpan{byte}, AttrNumbering, out AttrContainer?, out string?)"/>,
/// <see cref="Serialize(AttrNumbering)"/>, <see cref="GetSerializedLength"/>. JSON form (host_tool's
/// conversions): <see cref="ToJson"/>, <see cref="FromJson"/>. WAMR's text dump: <see cref="Dump"/>.
/// </para>
/// </remarks>
public sealed partial class AttrContainer : IReadOnlyDictionary<string, AttrValue>
{
    /// <summary>The most attributes a container can hold: its attribute count is a u16.</summary>
    public const int MaxAttributes = ushort.MaxValue;

    private readonly List<KeyValuePair<string, AttrValue>> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private string _tag;

    /// <summary>Creates an empty container with the given tag (WAMR's <c>attr_container_create</c>).</summary>
    /// <exception cref="ArgumentException">The tag cannot be stored (see <see cref="Tag"/>).</exception>
    public AttrContainer(string tag = "")
    {
        ArgumentNullException.ThrowIfNull(tag);
        AttrText.Validate(tag, nameof(tag), "The tag");
        _tag = tag;
    }

    /// <summary>
    /// The container's tag, e.g. <c>"wasm app response payload"</c>; may be empty (WAMR writes a lone
    /// NUL for a NULL tag, which reads back as empty). No U+0000, at most 65,534 UTF-8 bytes.
    /// </summary>
    public string Tag
    {
        get => _tag;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            AttrText.Validate(value, nameof(value), "The tag");
            _tag = value;
        }
    }

    /// <summary>
    /// The container's two flag bytes, read and written as they are (little-endian u16). Bits 0–1 name
    /// WAMR's implementation (0 = buffer); bit 2 (value 4) is the read-only flag that WAMR's
    /// <c>attr_container_serialize</c> sets in its copy. Nothing in this library acts on them, and WAMR's
    /// readers ignore them. Containers sent directly by WAMR applets and host_tool have 0.
    /// </summary>
    public ushort Flags { get; set; }

    /// <summary>The number of attributes.</summary>
    public int Count => _items.Count;

    /// <summary>The keys in order.</summary>
    public IEnumerable<string> Keys => _items.Select(static item => item.Key);

    /// <summary>The values in key order.</summary>
    public IEnumerable<AttrValue> Values => _items.Select(static item => item.Value);

    /// <summary>Gets the value of <paramref name="key"/>, or sets it as <see cref="Set"/> does.</summary>
    /// <exception cref="KeyNotFoundException">Getting a key that is not there.</exception>
    public AttrValue this[string key]
    {
        get => Get(key);
        set => Set(key, value);
    }

    /// <summary>The attribute at position <paramref name="index"/> in order.</summary>
    public KeyValuePair<string, AttrValue> GetAt(int index) => _items[index];

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>: an existing key keeps its position and
    /// gets the new value (of any type); a new key is appended.
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty, contains U+0000, has a lone surrogate or is over 65,534 UTF-8 bytes.</exception>
    /// <exception cref="InvalidOperationException">A new key when the container already holds <see cref="MaxAttributes"/>.</exception>
    public void Set(string key, AttrValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index.TryGetValue(key, out int position))
        {
            _items[position] = new KeyValuePair<string, AttrValue>(key, value);
            return;
        }

        ValidateKey(key);
        if (_items.Count == MaxAttributes)
        {
            throw new InvalidOperationException($"An attribute container holds at most {MaxAttributes} attributes (its count is a u16).");
        }

        _index.Add(key, _items.Count);
        _items.Add(new KeyValuePair<string, AttrValue>(key, value));
    }

    public void SetInt8(string key, sbyte value) => Set(key, AttrValue.FromInt8(value));

    public void SetInt16(string key, short value) => Set(key, AttrValue.FromInt16(value));

    public void SetInt32(string key, int value) => Set(key, AttrValue.FromInt32(value));

    public void SetInt64(string key, long value) => Set(key, AttrValue.FromInt64(value));

    public void SetUInt8(string key, byte value) => Set(key, AttrValue.FromUInt8(value));

    public void SetUInt16(string key, ushort value) => Set(key, AttrValue.FromUInt16(value));

    public void SetUInt32(string key, uint value) => Set(key, AttrValue.FromUInt32(value));

    public void SetUInt64(string key, ulong value) => Set(key, AttrValue.FromUInt64(value));

    public void SetFloat(string key, float value) => Set(key, AttrValue.FromFloat(value));

    public void SetDouble(string key, double value) => Set(key, AttrValue.FromDouble(value));

    public void SetBoolean(string key, bool value) => Set(key, AttrValue.FromBoolean(value));

    /// <exception cref="ArgumentException">The value cannot be stored (see <see cref="AttrValue.FromString"/>).</exception>
    public void SetString(string key, string value) => Set(key, AttrValue.FromString(value));

    /// <summary>Sets a byte array attribute to a copy of <paramref name="value"/>.</summary>
    public void SetByteArray(string key, ReadOnlySpan<byte> value) => Set(key, AttrValue.FromByteArray(value));

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">There is no such key.</exception>
    public AttrValue Get(string key)
    {
        if (!TryGet(key, out AttrValue value))
        {
            throw new KeyNotFoundException($"The attribute container has no key '{key}'.");
        }

        return value;
    }

    /// <summary>The value of <paramref name="key"/>, or false when there is no such key.</summary>
    public bool TryGet(string key, out AttrValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index.TryGetValue(key, out int position))
        {
            value = _items[position].Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc cref="TryGet"/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out AttrValue value) => TryGet(key, out value);

    /// <summary>True when the container has <paramref name="key"/> (WAMR's <c>attr_container_contain_key</c>).</summary>
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _index.ContainsKey(key);
    }

    /// <summary>Removes <paramref name="key"/> (WAMR has no such call); false when it was not there.</summary>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_index.Remove(key, out int position))
        {
            return false;
        }

        _items.RemoveAt(position);
        for (int i = position; i < _items.Count; i++)
        {
            _index[_items[i].Key] = i;
        }

        return true;
    }

    /// <summary>Removes every attribute; the tag and flags stay.</summary>
    public void Clear()
    {
        _items.Clear();
        _index.Clear();
    }

    /// <summary>The attributes in order.</summary>
    public List<KeyValuePair<string, AttrValue>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, AttrValue>> IEnumerable<KeyValuePair<string, AttrValue>>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>A one-line summary: tag and attribute count.</summary>
    public override string ToString() => $"attr_container \"{_tag}\" ({_items.Count} attributes)";

    private static void ValidateKey(string key)
    {
        if (key.Length == 0)
        {
            throw new ArgumentException("An attribute key cannot be empty (WAMR's setters refuse it).", nameof(key));
        }

        AttrText.Validate(key, nameof(key), "An attribute key");
    }

    // Adds an attribute the reader has already checked; false for a duplicate key.
    private bool TryAddParsed(string key, AttrValue value)
    {
        if (!_index.TryAdd(key, _items.Count))
        {
            return false;
        }

        _items.Add(new KeyValuePair<string, AttrValue>(key, value));
        return true;
    }
}
