using System.Buffers;
using System.Globalization;
using System.Text;

namespace Microwasm.Model;

/// <summary>
/// Makes a name a module supplies (an import or export name, a name from the name section, a custom
/// section's name) safe to put in a message or on a terminal. A module is untrusted input: a name
/// holding ESC, BEL or CR could rewrite the user's terminal or forge log lines, a bidirectional
/// override (U+202E) could make one name read as another, and a 1 MB name would make a 1 MB error line.
/// </summary>
/// <remarks>
/// Every message that names something a module supplied escapes it here, once, where the message is
/// built, so no printer needs to know which parts of a message came from a module. Printable Unicode
/// is kept as it is; control characters (C0, DEL, C1), format characters (bidirectional controls,
/// zero-width characters), line and paragraph separators, unassigned code points and lone surrogates
/// become <c>\u{hex}</c>; bytes that are not UTF-8 become <c>\xNN</c>; a backslash and a double quote
/// are escaped so the escaped text reads back unambiguously inside quotes.
/// </remarks>
public static class WasmName
{
    /// <summary>How many characters of escaped text a message shows of one name, unless told otherwise.</summary>
    public const int DefaultMaxLength = 256;

    /// <summary>
    /// How many characters of escaped text a message shows of a text that may hold module-supplied data,
    /// such as the message of an exception thrown by host code.
    /// </summary>
    public const int MessageMaxLength = 1024;

    /// <summary>What follows a name cut at its maximum length.</summary>
    public const string Ellipsis = "…";

    /// <summary>
    /// <paramref name="name"/> with every character that is not safe to print escaped, cut after
    /// <paramref name="maxLength"/> characters of escaped text and then followed by <see cref="Ellipsis"/>.
    /// Returns <paramref name="name"/> itself when nothing needs escaping or cutting.
    /// </summary>
    public static string Escape(string? name, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (name is null)
        {
            return "";
        }
        if (name.Length <= maxLength && !NeedsEscaping(name))
        {
            return name;
        }
        var text = new StringBuilder(Math.Min(name.Length, maxLength) + Ellipsis.Length);
        var rest = name.AsSpan();
        Span<char> piece = stackalloc char[16];
        while (!rest.IsEmpty)
        {
            int consumed;
            int length;
            if (Rune.DecodeFromUtf16(rest, out var rune, out consumed) == OperationStatus.Done)
            {
                length = Format(rune, piece);
            }
            else
            {
                // a lone surrogate: a string built by the host, never a decoded name
                consumed = 1;
                length = FormatCodePoint(rest[0], piece);
            }
            if (!Append(text, piece[..length], maxLength))
            {
                break;
            }
            rest = rest[consumed..];
        }
        return text.ToString();
    }

    /// <summary>
    /// The UTF-8 bytes <paramref name="utf8"/> as escaped text, as <see cref="Escape(string?, int)"/>
    /// makes it; each byte of an ill-formed sequence becomes <c>\xNN</c>.
    /// </summary>
    public static string Escape(ReadOnlySpan<byte> utf8, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var text = new StringBuilder(Math.Min(utf8.Length, maxLength) + Ellipsis.Length);
        Span<char> piece = stackalloc char[16];
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) == OperationStatus.Done)
            {
                if (!Append(text, piece[..Format(rune, piece)], maxLength))
                {
                    break;
                }
                utf8 = utf8[consumed..];
            }
            else
            {
                // the first byte of the ill-formed sequence; the next round looks at the rest again
                var b = utf8[0];
                piece[0] = '\\';
                piece[1] = 'x';
                piece[2] = HexDigit(b >> 4);
                piece[3] = HexDigit(b & 0xF);
                if (!Append(text, piece[..4], maxLength))
                {
                    break;
                }
                utf8 = utf8[1..];
            }
        }
        return text.ToString();
    }

    /// <summary><see cref="Escape(string?, int)"/> in double quotes, as messages show a name.</summary>
    public static string Quote(string? name, int maxLength = DefaultMaxLength) => "\"" + Escape(name, maxLength) + "\"";

    /// <summary>Whether <see cref="Escape(string?, int)"/> would change any character of <paramref name="name"/>.</summary>
    public static bool NeedsEscaping(ReadOnlySpan<char> name)
    {
        while (!name.IsEmpty)
        {
            var c = name[0];
            if (c < 0x80)
            {
                if (c < 0x20 || c == 0x7F || c == '"' || c == '\\')
                {
                    return true;
                }
                name = name[1..];
                continue;
            }
            if (Rune.DecodeFromUtf16(name, out var rune, out var consumed) != OperationStatus.Done || !IsPrintable(rune))
            {
                return true;
            }
            name = name[consumed..];
        }
        return false;
    }

    // Appends a piece unless that would make the text longer than the limit; then appends the ellipsis.
    private static bool Append(StringBuilder text, ReadOnlySpan<char> piece, int maxLength)
    {
        if (text.Length + piece.Length > maxLength)
        {
            text.Append(Ellipsis);
            return false;
        }
        text.Append(piece);
        return true;
    }

    // Writes the printed form of one code point.
    private static int Format(Rune rune, Span<char> destination)
    {
        switch (rune.Value)
        {
            case '\\':
                return Write(destination, "\\\\");
            case '"':
                return Write(destination, "\\\"");
            case '\n':
                return Write(destination, "\\n");
            case '\r':
                return Write(destination, "\\r");
            case '\t':
                return Write(destination, "\\t");
        }
        if (IsPrintable(rune))
        {
            return rune.EncodeToUtf16(destination);
        }
        return FormatCodePoint(rune.Value, destination);
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => false,
        UnicodeCategory.Format => false,
        UnicodeCategory.LineSeparator => false,
        UnicodeCategory.ParagraphSeparator => false,
        UnicodeCategory.Surrogate => false,
        UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };

    private static int FormatCodePoint(int value, Span<char> destination)
    {
        destination[0] = '\\';
        destination[1] = 'u';
        destination[2] = '{';
        var length = 3;
        var started = false;
        for (var shift = 20; shift >= 0; shift -= 4)
        {
            var digit = (value >> shift) & 0xF;
            if (digit != 0 || started || shift == 0)
            {
                destination[length++] = HexDigit(digit);
                started = true;
            }
        }
        destination[length++] = '}';
        return length;
    }

    private static int Write(Span<char> destination, string text)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'a' + value - 10);
}
