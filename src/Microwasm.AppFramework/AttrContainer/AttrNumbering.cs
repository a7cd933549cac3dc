namespace Microwasm.AppFramework.AttrContainer;

/// <summary>
/// Which of WAMR's two attribute type numberings a container's type bytes use. The two are not
/// wire compatible: byte, float, double, boolean, string and byte array all have different codes.
/// </summary>
/// <remarks>
/// <para>
/// The rule: an application manager has exactly one configured numbering, and it is
/// <see cref="Current"/> unless configured otherwise. Current is what WAMR's last framework
/// (commit <c>b9db23b</c>, 2024, and the split-out <c>wamr-app-framework</c>), its
/// <c>host_tool</c>, and this project's applet SDK use. <see cref="Legacy"/> is an option for
/// devices, host tools and applets built with WAMR's SDK before 2023. A container carries no
/// marker of its numbering, so it cannot be detected from the bytes; the host tool, runtime and
/// applets must all agree.
/// </para>
/// <para>Every method that reads or writes bytes takes the numbering as a parameter, defaulting to Current.</para>
/// </remarks>
public enum AttrNumbering
{
    /// <summary>
    /// The codes after WAMR commit <c>4cd88a96d</c> (2023-01-09, #1841): Int8=0, Int16=1, Int32=2,
    /// Int64=3, UInt8=4, UInt16=5, UInt32=6, UInt64=7, Float=10, Double=11, Boolean=12, String=13,
    /// ByteArray=14 (the values of <see cref="AttrType"/>).
    /// </summary>
    Current = 0,

    /// <summary>
    /// The codes of 2019 to 2022: Int16=1, Int32=2, Int64=3, Int8=4, UInt16=5, Float=6, Double=7,
    /// Boolean=8, String=9, ByteArray=10. UInt8, UInt32 and UInt64 do not exist in it; writing a
    /// container holding one of them with this numbering is an error.
    /// </summary>
    Legacy = 1,
}
