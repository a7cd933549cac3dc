using System.Text;

namespace Microwasm.AppFramework.Applets;

/// <summary>A write-only stream that decodes UTF-8 into a <see cref="TextWriter"/> (a WASI applet's stdout into its prefixed output).</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private readonly char[] _chars = new char[1024];

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_chars)
        {
            while (!buffer.IsEmpty)
            {
                var take = Math.Min(buffer.Length, 512);
                var count = _decoder.GetChars(buffer[..take], _chars, flush: false);
                writer.Write(_chars, 0, count);
                buffer = buffer[take..];
            }
        }
    }

    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
