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

    // Each custom section with the slot it goes before (SectionOrder.Length: after the last), in text order.
    private readonly List<(int Slot, byte[] Name, byte[] Content)> _customs = [];

    private void ParseCustom()
    {
        if (Current.Kind != TokenKind.String)
        {
            throw Unexpected("a custom section's name (a string)");
        }
        var name = ExpectName();
        var slot = SectionOrder.Length;
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
                slot = 0;
            }
            else if (kind == "last")
            {
                slot = SectionOrder.Length;
            }
            else
            {
                var index = Array.IndexOf(SectionOrder, kind);
                if (index < 0)
                {
                    throw Error(kindToken, $"unknown section \"{Shorten(kind)}\" in a custom section's placement");
                }
                slot = before ? index : index + 1;
            }
            ExpectRParen();
        }
        _customs.Add((slot, name, Strings()));
    }

    /// <summary>Writes the custom sections placed before slot <paramref name="slot"/>.</summary>
    private void CustomSections(ByteBuffer output, int slot)
    {
        foreach (var custom in _customs)
        {
            if (custom.Slot == slot)
            {
                var content = new ByteBuffer(custom.Name.Length + custom.Content.Length + 5);
                content.Name(custom.Name);
                content.Bytes(custom.Content);
                output.Section(0, content);
            }
        }
    }
}
