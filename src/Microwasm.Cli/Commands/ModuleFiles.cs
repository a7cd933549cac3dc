using System.Text;
using Microwasm.Runtime;
using Microwasm.Text;

namespace Microwasm.Cli.Commands;

/// <summary>Reads a module file: the binary format, or the text format for <c>.wat</c> files.</summary>
internal static class ModuleFiles
{
    /// <summary>True for a file the commands read as text (<c>.wat</c>).</summary>
    public static bool IsText(string path) => path.EndsWith(".wat", StringComparison.OrdinalIgnoreCase);

    /// <summary>The module's binary: a <c>.wat</c> file is parsed, any other file read as it is.</summary>
    /// <exception cref="WatParseException">The text is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read or is too large.</exception>
    public static byte[] Read(string path)
    {
        if (!IsText(path))
        {
            return ModuleLoader.ReadModuleFile(path);
        }
        // The same size bound as for binaries; invalid UTF-8 is a parse error, not a silent replacement.
        var bytes = ModuleLoader.ReadModuleFile(path);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new WatParseException(1, 1, "the file is not valid UTF-8");
        }
        return Wat.ToBinary(text);
    }
}
