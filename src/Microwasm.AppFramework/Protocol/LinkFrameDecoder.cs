using System.Buffers.Binary;

namespace Microwasm.AppFramework.Protocol;

/// <summary>
/// Incremental decoder of WAMR's link framing (<c>app_manager_host.c</c>): two leading bytes
/// <c>0x12 0x34</c>, the message type (u16 big-endian), the payload size (u32 big-endian), the
/// payload. Feed it whatever arrives, in pieces of any size; it returns one frame or one error at a
/// time and tells how many bytes it consumed.
/// </summary>
/// <remarks>
/// <para>Every header is checked before anything is allocated: the type must be one this framework
/// handles, the size must be at least the packed header of that type and at most the configured
/// maximum. The payload buffer then grows with the bytes that actually arrive (doubling, capped at
/// the declared size), so a peer that declares 16 MiB and sends 10 bytes costs 64 KiB, not 16 MiB.</para>
/// <para>Resynchronisation: bytes before a leading pair are skipped, as WAMR does. A header that
/// cannot be a frame (an unknown type above WAMR's <c>LINK_MSG_TYPE_MAX</c> of 50, or a size above the
/// maximum) is taken for noise: the decoder scans again from the byte after its leading pair, so a
/// valid frame hidden in the noise is found. A plausible frame of a type nobody handles (WAMR's
/// 0..50) or one too short for its type has its declared payload skipped without being stored. WAMR
/// itself allocates whatever size a header declares, and after some malformed frames its parser stays
/// stuck; this one always comes back to the next leading pair.</para>
/// </remarks>
public sealed class LinkFrameDecoder
{
    /// <summary>The two leading bytes of every frame.</summary>
    public const byte Leading0 = 0x12, Leading1 = 0x34;

    /// <summary>Size of the frame header: leading bytes, type, payload size.</summary>
    public const int HeaderSize = 8;

    private const int LinkMessageTypeMax = 50;   // WAMR's LINK_MSG_TYPE_MAX
    private const int InitialBufferSize = 64 * 1024;

    private readonly LinkLimits _limits;
    private readonly byte[] _header = new byte[HeaderSize - 2];
    private State _state;
    private int _headerFill;
    private ushort _type;
    private uint _size;
    private byte[]? _payload;
    private int _payloadFill;
    private long _skipRemaining;

    public LinkFrameDecoder(LinkLimits? limits = null)
    {
        _limits = limits ?? new LinkLimits();
    }

    private enum State
    {
        Seek,
        Leading,
        Header,
        Payload,
        Skip,
    }

    /// <summary>Bytes skipped so far while looking for a leading pair (noise between frames).</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>True when the decoder holds part of a frame (a header or payload not yet complete).</summary>
    public bool InFrame => _state is State.Header or State.Payload or State.Leading;

    /// <summary>Bytes of the frame being received so far (0 between frames).</summary>
    public long PendingBytes => _state switch
    {
        State.Leading => 1,
        State.Header => 2 + _headerFill,
        State.Payload => HeaderSize + _payloadFill,
        _ => 0,
    };

    /// <summary>Forgets any partial frame.</summary>
    public void Reset()
    {
        _state = State.Seek;
        _headerFill = 0;
        _payload = null;
        _payloadFill = 0;
        _skipRemaining = 0;
    }

    /// <summary>
    /// Consumes bytes of <paramref name="input"/> until a frame completes, a frame is refused, or the
    /// input ends. <paramref name="consumed"/> says how many bytes were used; call again with the rest.
    /// The frame's payload belongs to the caller (the decoder never reuses it).
    /// </summary>
    public LinkDecodeStatus Decode(ReadOnlySpan<byte> input, out int consumed, out LinkFrame frame, out LinkFrameError? error)
    {
        frame = default;
        error = null;
        var i = 0;
        while (i < input.Length)
        {
            switch (_state)
            {
                case State.Seek:
                {
                    var index = input[i..].IndexOf(Leading0);
                    if (index < 0)
                    {
                        SkippedBytes += input.Length - i;
                        i = input.Length;
                        break;
                    }
                    SkippedBytes += index;
                    i += index + 1;
                    _state = State.Leading;
                    break;
                }
                case State.Leading:
                {
                    var b = input[i++];
                    if (b == Leading1)
                    {
                        _state = State.Header;
                        _headerFill = 0;
                    }
                    else if (b == Leading0)
                    {
                        SkippedBytes++;   // the earlier 0x12; this one may lead
                    }
                    else
                    {
                        SkippedBytes += 2;
                        _state = State.Seek;
                    }
                    break;
                }
                case State.Header:
                {
                    var n = Math.Min(_header.Length - _headerFill, input.Length - i);
                    input.Slice(i, n).CopyTo(_header.AsSpan(_headerFill));
                    _headerFill += n;
                    i += n;
                    if (_headerFill == _header.Length && StartPayload() is { } refused)
                    {
                        consumed = i;
                        error = refused;
                        return LinkDecodeStatus.Error;
                    }
                    break;
                }
                case State.Payload:
                {
                    var n = (int)Math.Min(_size - (uint)_payloadFill, (uint)(input.Length - i));
                    if (_payloadFill + n > _payload!.Length)
                    {
                        // grow with what arrives, never beyond the declared (and checked) size
                        var grown = new byte[(int)Math.Min(_size, Math.Max((long)_payload.Length * 2, _payloadFill + n))];
                        _payload.AsSpan(0, _payloadFill).CopyTo(grown);
                        _payload = grown;
                    }
                    input.Slice(i, n).CopyTo(_payload.AsSpan(_payloadFill));
                    _payloadFill += n;
                    i += n;
                    if (_payloadFill == _size)
                    {
                        frame = new LinkFrame((LinkMessageType)_type, _payload.AsMemory(0, (int)_size));
                        _payload = null;
                        _payloadFill = 0;
                        _state = State.Seek;
                        consumed = i;
                        return LinkDecodeStatus.Frame;
                    }
                    break;
                }
                case State.Skip:
                {
                    var n = (int)Math.Min(_skipRemaining, input.Length - i);
                    _skipRemaining -= n;
                    i += n;
                    if (_skipRemaining == 0)
                    {
                        _state = State.Seek;
                    }
                    break;
                }
            }
        }
        consumed = i;
        return LinkDecodeStatus.NeedMoreData;
    }

    /// <summary>The header is complete: check it, then expect the payload, or refuse the frame and resynchronise.</summary>
    private LinkFrameError? StartPayload()
    {
        _type = BinaryPrimitives.ReadUInt16BigEndian(_header);
        _size = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
        var type = (LinkMessageType)_type;
        if (type is LinkMessageType.Request or LinkMessageType.Response or LinkMessageType.InstallWasmApp)
        {
            var minimum = type == LinkMessageType.Response ? 16 : 18;
            var maximum = type == LinkMessageType.InstallWasmApp ? _limits.MaxInstallSize : _limits.MaxPacketSize;
            if (_size > (uint)maximum)
            {
                Rescan();
                return new LinkFrameError(_type, _size, $"a frame of type {_type} declares {_size} bytes; the limit is {maximum}") { TooLarge = true };
            }
            if (_size < minimum)
            {
                SkipPayload();
                return new LinkFrameError(_type, _size, $"a frame of type {_type} holds {_size} bytes, less than the {minimum}-byte packet header");
            }
            _payload = new byte[Math.Min((int)_size, InitialBufferSize)];
            _payloadFill = 0;
            _state = State.Payload;
            return null;
        }
        if (_type <= LinkMessageTypeMax && _size <= (uint)_limits.MaxPacketSize)
        {
            SkipPayload();
            return new LinkFrameError(_type, _size, $"frame type {_type} is not handled (2 request, 3 response, 4 install)");
        }
        Rescan();
        return new LinkFrameError(_type, _size, $"not a frame header (type {_type}, size {_size}); looking for the next one");
    }

    private void SkipPayload()
    {
        _skipRemaining = _size;
        _state = _size == 0 ? State.Seek : State.Skip;
    }

    /// <summary>The header was noise: look for a leading pair again from the byte after this one's.</summary>
    private void Rescan()
    {
        SkippedBytes += 2;
        Span<byte> replay = stackalloc byte[HeaderSize - 2];
        _header.CopyTo(replay);
        _state = State.Seek;
        // six bytes cannot hold a whole header, so the replay only moves the state along
        Decode(replay, out _, out _, out _);
    }
}
