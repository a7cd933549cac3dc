using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Microwasm.AppFramework.AttrContainer;

// JSON, as WAMR's host_tool converts payloads (attr2json / json2attr in host_tool_utils.c): an object
// whose members are the attributes in order; the tag is not part of it.
public sealed partial class AttrContainer
{
    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// The attributes as a JSON object, the way WAMR's host_tool prints a payload: each key in order,
    /// the tag left out (host_tool has no place for it either).
    /// </summary>
    /// <param name="indented">
    /// True (the default) lays the object out like host_tool's <c>cJSON_Print</c>: one member per
    /// line, indented by a tab, byte arrays on one line as <c>[1, -2, 3]</c>. False writes it compactly.
    /// </param>
    /// <remarks>
    /// Rendering: every integer type as an exact JSON integer (cJSON rounds 64-bit values through a
    /// double; this does not); Float and Double as the shortest text that reads back to the same
    /// value, and as <c>null</c> when NaN or infinite (what cJSON prints; JSON has no such numbers);
    /// Boolean as <c>true</c>/<c>false</c>; String as a JSON string with HTML characters and the
    /// non-ASCII characters of the Basic Multilingual Plane left unescaped (cJSON copies all UTF-8 as
    /// is; System.Text.Json escapes characters beyond U+FFFF as <c>\uD83D\uDC22</c>); ByteArray as an
    /// array of its bytes as signed int8 values (-128…127), as host_tool prints them. The text differs
    /// from cJSON's only in spacing (<c>": "</c> where cJSON puts <c>":\t"</c>) and in the points above.
    /// Non-finite numbers are the only values <see cref="FromJson"/> cannot read back as numbers;
    /// the types come back as host_tool's (every number a Double).
    /// </remarks>
    public string ToJson(bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Indented = indented,
            IndentCharacter = '\t',
            IndentSize = 1,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, AttrValue> item in _items)
            {
                writer.WritePropertyName(item.Key);
                WriteJsonValue(writer, item.Value, indented);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Builds a container from a JSON object with host_tool's rules (<c>json2attr</c>): the tag is
    /// <c>""</c>; every number becomes a <see cref="AttrType.Double"/>; <c>true</c>/<c>false</c> a
    /// <see cref="AttrType.Boolean"/>; a string a <see cref="AttrType.String"/>; an array of numbers a
    /// <see cref="AttrType.ByteArray"/>. A repeated key keeps its first position and its last value.
    /// </summary>
    /// <remarks>
    /// Where host_tool silently drops or mangles input, this refuses it with a
    /// <see cref="JsonException"/> naming the key: a root that is not an object; a nested object or
    /// <c>null</c> (host_tool drops them); an array with a non-number (host_tool keeps the numbers
    /// before it); an array element that is not an integer from -128 to 255 (host_tool casts any
    /// double to int8; here 128…255 are taken as the unsigned byte, so <c>[255]</c> and <c>[-1]</c>
    /// give the same byte); a number beyond the range of a double; an empty key or a key or string
    /// holding U+0000 or over 65,534 UTF-8 bytes (WAMR cannot store them). An empty array gives an
    /// empty byte array (host_tool fails the whole conversion).
    /// </remarks>
    /// <exception cref="JsonException">The text is not JSON, or not JSON this conversion accepts.</exception>
    public static AttrContainer FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using JsonDocument document = JsonDocument.Parse(json, s_documentOptions);
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"An attribute container's JSON must be an object, not {Describe(root.ValueKind)}.", "$", null, null);
        }

        var container = new AttrContainer();
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string key = property.Name;
            string path = "$['" + key + "']";
            AttrValue value = ToAttrValue(property.Value, key, path);
            try
            {
                container.Set(key, value);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new JsonException($"Key '{key}' cannot be stored: {e.Message}", path, null, null, e);
            }
        }

        return container;
    }

    /// <summary>
    /// Builds a container like <see cref="FromJson"/>, returning false with the message of the
    /// <see cref="JsonException"/> instead of throwing.
    /// </summary>
    public static bool TryFromJson(string json, [NotNullWhen(true)] out AttrContainer? container, [NotNullWhen(false)] out string? error)
    {
        try
        {
            container = FromJson(json);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            container = null;
            error = e.Message;
            return false;
        }
    }

    private static AttrValue ToAttrValue(JsonElement element, string key, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                return AttrValue.FromDouble(ReadDouble(element, key, path));
            case JsonValueKind.True:
                return AttrValue.FromBoolean(true);
            case JsonValueKind.False:
                return AttrValue.FromBoolean(false);
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                    return AttrValue.FromString(text);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    throw new JsonException($"The string of key '{key}' cannot be stored: {e.Message}", path, null, null, e);
                }

            case JsonValueKind.Array:
                byte[] bytes = new byte[element.GetArrayLength()];
                int i = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    string itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    if (item.ValueKind != JsonValueKind.Number)
                    {
                        throw new JsonException(
                            $"The array of key '{key}' has {Describe(item.ValueKind)} at index {i}; only arrays of numbers (bytes) are supported.", itemPath, null, null);
                    }

                    double d = ReadDouble(item, key, itemPath);
                    if (d != Math.Floor(d) || d < sbyte.MinValue || d > byte.MaxValue)
                    {
                        throw new JsonException(
                            $"The array of key '{key}' has {item.GetRawText()} at index {i}; a byte must be an integer from -128 to 255.", itemPath, null, null);
                    }

                    bytes[i++] = (byte)(int)d;
                }

                return AttrValue.FromOwnedByteArray(bytes);

            default:
                throw new JsonException(
                    $"Key '{key}' has {Describe(element.ValueKind)}; an attribute container holds numbers, booleans, strings and arrays of bytes.", path, null, null);
        }
    }

    private static double ReadDouble(JsonElement element, string key, string path)
    {
        if (!element.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            throw new JsonException($"The number {element.GetRawText()} of key '{key}' is beyond the range of a double.", path, null, null);
        }

        return d;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "a nested object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static void WriteJsonValue(Utf8JsonWriter writer, AttrValue value, bool indented)
    {
        switch (value.Type)
        {
            case AttrType.Int8: writer.WriteNumberValue(value.AsInt8()); break;
            case AttrType.Int16: writer.WriteNumberValue(value.AsInt16()); break;
            case AttrType.Int32: writer.WriteNumberValue(value.AsInt32()); break;
            case AttrType.Int64: writer.WriteNumberValue(value.AsInt64()); break;
            case AttrType.UInt8: writer.WriteNumberValue(value.AsUInt8()); break;
            case AttrType.UInt16: writer.WriteNumberValue(value.AsUInt16()); break;
            case AttrType.UInt32: writer.WriteNumberValue(value.AsUInt32()); break;
            case AttrType.UInt64: writer.WriteNumberValue(value.AsUInt64()); break;
            case AttrType.Float:
                float f = value.AsFloat();
                if (float.IsFinite(f))
                {
                    writer.WriteNumberValue(f);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            case AttrType.Double:
                double d = value.AsDouble();
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            case AttrType.Boolean: writer.WriteBooleanValue(value.AsBoolean()); break;
            case AttrType.String: writer.WriteStringValue(value.AsString()); break;
            case AttrType.ByteArray:
                // Written raw so that an indented array stays on one line, as cJSON prints it.
                ReadOnlySpan<byte> bytes = value.AsByteArray().Span;
                var text = new StringBuilder(2 + (bytes.Length * 5));
                text.Append('[');
                for (int i = 0; i < bytes.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(indented ? ", " : ",");
                    }

                    text.Append(((sbyte)bytes[i]).ToString(CultureInfo.InvariantCulture));
                }

                text.Append(']');
                writer.WriteRawValue(text.ToString(), skipInputValidation: true);
                break;
        }
    }
}
