namespace Microwasm.Wasi;

/// <summary>WASI error numbers, exactly as <c>wasi_snapshot_preview1</c> (and <c>wasi_unstable</c>) define them.</summary>
public enum Errno : ushort
{
    Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4, AfNoSupport = 5, Again = 6,
    Already = 7, Badf = 8, BadMsg = 9, Busy = 10, Canceled = 11, Child = 12, ConnAborted = 13,
    ConnRefused = 14, ConnReset = 15, Deadlk = 16, DestAddrReq = 17, Dom = 18, Dquot = 19, Exist = 20,
    Fault = 21, Fbig = 22, HostUnreach = 23, Idrm = 24, Ilseq = 25, InProgress = 26, Intr = 27,
    Inval = 28, Io = 29, IsConn = 30, IsDir = 31, Loop = 32, Mfile = 33, Mlink = 34, MsgSize = 35,
    Multihop = 36, NameTooLong = 37, NetDown = 38, NetReset = 39, NetUnreach = 40, Nfile = 41,
    NoBufs = 42, NoDev = 43, NoEnt = 44, NoExec = 45, NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49,
    NoProtoOpt = 50, NoSpc = 51, NoSys = 52, NotConn = 53, NotDir = 54, NotEmpty = 55,
    NotRecoverable = 56, NotSock = 57, NotSup = 58, NotTy = 59, Nxio = 60, Overflow = 61,
    OwnerDead = 62, Perm = 63, Pipe = 64, Proto = 65, ProtoNoSupport = 66, ProtoType = 67, Range = 68,
    Rofs = 69, Spipe = 70, Srch = 71, Stale = 72, TimedOut = 73, TxtBsy = 74, Xdev = 75, NotCapable = 76,
}

/// <summary>File descriptor rights (bit positions as in the witx <c>rights</c> flags).</summary>
[Flags]
public enum Rights : ulong
{
    None = 0,
    FdDatasync = 1UL << 0,
    FdRead = 1UL << 1,
    FdSeek = 1UL << 2,
    FdFdstatSetFlags = 1UL << 3,
    FdSync = 1UL << 4,
    FdTell = 1UL << 5,
    FdWrite = 1UL << 6,
    FdAdvise = 1UL << 7,
    FdAllocate = 1UL << 8,
    PathCreateDirectory = 1UL << 9,
    PathCreateFile = 1UL << 10,
    PathLinkSource = 1UL << 11,
    PathLinkTarget = 1UL << 12,
    PathOpen = 1UL << 13,
    FdReaddir = 1UL << 14,
    PathReadlink = 1UL << 15,
    PathRenameSource = 1UL << 16,
    PathRenameTarget = 1UL << 17,
    PathFilestatGet = 1UL << 18,
    PathFilestatSetSize = 1UL << 19,
    PathFilestatSetTimes = 1UL << 20,
    FdFilestatGet = 1UL << 21,
    FdFilestatSetSize = 1UL << 22,
    FdFilestatSetTimes = 1UL << 23,
    PathSymlink = 1UL << 24,
    PathRemoveDirectory = 1UL << 25,
    PathUnlinkFile = 1UL << 26,
    PollFdReadwrite = 1UL << 27,
    SockShutdown = 1UL << 28,
    SockAccept = 1UL << 29,

    All = (1UL << 30) - 1,

    /// <summary>Rights that only make sense on a regular file (or stream).</summary>
    FileOnly = FdDatasync | FdRead | FdSeek | FdSync | FdTell | FdWrite | FdAdvise | FdAllocate
        | FdFilestatSetSize | PollFdReadwrite,

    /// <summary>Rights that only make sense on a directory.</summary>
    DirectoryOnly = PathCreateDirectory | PathCreateFile | PathLinkSource | PathLinkTarget | PathOpen
        | FdReaddir | PathReadlink | PathRenameSource | PathRenameTarget | PathFilestatGet
        | PathFilestatSetSize | PathFilestatSetTimes | PathSymlink | PathRemoveDirectory | PathUnlinkFile,

    /// <summary>What a regular file descriptor may hold.</summary>
    RegularFile = FileOnly | FdFdstatSetFlags | FdFilestatGet | FdFilestatSetTimes,

    /// <summary>What a directory descriptor may hold.</summary>
    Directory = DirectoryOnly | FdFdstatSetFlags | FdFilestatGet | FdFilestatSetTimes | FdSync | FdDatasync | FdAdvise,

    /// <summary>What a socket descriptor may hold.</summary>
    Socket = FdRead | FdWrite | FdFdstatSetFlags | FdFilestatGet | PollFdReadwrite | SockShutdown | SockAccept,
}

/// <summary>The type of a file descriptor or file.</summary>
public enum FileType : byte
{
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}

/// <summary>File descriptor flags (<c>fdflags</c>, u16).</summary>
[Flags]
public enum FdFlags : ushort
{
    None = 0,
    Append = 1,
    Dsync = 2,
    NonBlock = 4,
    Rsync = 8,
    Sync = 16,
}

/// <summary>Open flags of <c>path_open</c> (<c>oflags</c>, u16).</summary>
[Flags]
internal enum OFlags : ushort
{
    Creat = 1,
    Directory = 2,
    Excl = 4,
    Trunc = 8,
}

/// <summary>Which timestamps <c>*_set_times</c> adjusts (<c>fstflags</c>, u16).</summary>
[Flags]
internal enum FstFlags : ushort
{
    Atim = 1,
    AtimNow = 2,
    Mtim = 4,
    MtimNow = 8,
}

internal enum ClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCputime = 2,
    ThreadCputime = 3,
}

internal enum EventType : byte
{
    Clock = 0,
    FdRead = 1,
    FdWrite = 2,
}

/// <summary>Constants of the two ABIs that are not worth an enum.</summary>
internal static class WasiConstants
{
    public const uint LookupSymlinkFollow = 1;
    public const ushort SubscriptionClockAbstime = 1;
    public const ushort EventFdReadwriteHangup = 1;
    public const ushort RecvPeek = 1;
    public const ushort RecvWaitall = 2;
    public const ushort RecvDataTruncated = 1;
    public const byte ShutdownRead = 1;
    public const byte ShutdownWrite = 2;
    public const byte PreopenTypeDir = 0;

    public const int DirentSize = 24;
    public const int FdstatSize = 24;
    public const int FilestatSize = 64;
    public const int UnstableFilestatSize = 56;
    public const int EventSize = 32;
    public const int SubscriptionSize = 48;
    public const int UnstableSubscriptionSize = 56;
    public const int IovecSize = 8;
}

/// <summary>
/// An errno raised inside a WASI function; the import wrapper catches it and returns the number,
/// so helpers deep in the call (bounds checks, path resolution) can fail in one line.
/// </summary>
internal sealed class WasiErrnoException(Errno errno, string? message = null) : Exception(message ?? errno.ToString())
{
    public Errno Errno { get; } = errno;
}
