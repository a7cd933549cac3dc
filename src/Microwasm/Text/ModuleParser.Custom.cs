namespace Microwasm.Text;

/// <summary>
/// Custom sections as text: the annotation <c>(@custom "name" place? "bytes"*)</c>, where place
/// is <c>(before first)</c>, <c>(after last)</c> (the default) or <c>(before|after section)</c>.
/// </summary>
internal sealed partial class ModuleParser
{
    /// <summary>The sections in the order <see cref="Assemble"/> writes them: the slots a custom section is placed between.</summary>
    internal static readonly string[] SectionOrder =
        ["type", "import", "func", "table", "memory", "tag", "global", "export", "start", "elem", "datacount", "code", "data"];

    // Each custom section with its place, in text order. Between sections N-1 and N of SectionOrder
    // there are two places: 2N (after section N-1), then 2N+1 (before section N); "after" a section
    // comes before "before" the next one. 0 is (before first), LastPlace (after last).
    private readonly List<(int Place, byte[] Name, byte[] Content)> _customs = [];

    private static int LastPlace => SectionOrder.Length * 2 + 1;

    private void ParseCustom()
    {
        if (Current.Kind != TokenKind.String)
        {
            throw Unexpected("a custom section's name (a string)");
        }
        var name = ExpectName();
        var place = LastPlace;
        if (Current.Kind == TokenKind.LParen)
        {
            ExpectLParen();
            var before = TryKeyword("before");
            if (!before && !TryKeyword("after"))
            {
                throw Unexpected("\"before\" or \"after\" (a custom section's placement)");
            }
            if (Current.Kind != TokenKind.Atom)
            {
                throw Unexpected("a section name, \"first\" or \"last\"");
            }
            var kindToken = Current;
            var kind = Text(Current).ToString();
            _pos++;
            if (kind == "first")
            {
                place = 0;
            }
            else if (kind == "last")
            {
                place = LastPlace;
            }
            else
            {
                var index = Array.IndexOf(SectionOrder, kind);
                if (index < 0)
                {
                    throw Error(kindToken, $"unknown section \"{Shorten(kind)}\" in a custom section's placement");
                }
                place = before ? index * 2 + 1 : (index + 1) * 2;
            }
            ExpectRParen();
        }
        _customs.Add((place, name, Strings()));
    }

    /// <summary>Writes the custom sections of the places before section <paramref name="slot"/> of <see cref="SectionOrder"/> (its length: the end).</summary>
    private void CustomSections(ByteBuffer output, int slot)
    {
        foreach (var custom in _customs)
        {
            if (custom.Place == slot * 2)
            {
                CustomSection(output, custom.Name, custom.Content);
            }
        }
        foreach (var custom in _customs)
        {
            if (custom.Place == slot * 2 + 1)
            {
                CustomSection(output, custom.Name, custom.Content);
            }
        }
    }

    private static void CustomSection(ByteBuffer output, byte[] name, byte[] bytes)
    {
        var content = new ByteBuffer(name.Length + bytes.Length + 5);
        content.Name(name);
        content.Bytes(bytes);
        output.Section(0, content);
    }
}
