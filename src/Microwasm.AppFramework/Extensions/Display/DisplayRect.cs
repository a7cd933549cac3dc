namespace Microwasm.AppFramework.Extensions.Display;

/// <summary>A rectangle of display pixels: its top-left corner and its size.</summary>
public readonly record struct DisplayRect(int X, int Y, int Width, int Height)
{
    /// <summary>True when the rectangle holds no pixel.</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The smallest rectangle that holds both.</summary>
    public DisplayRect Union(DisplayRect other)
    {
        if (IsEmpty)
        {
            return other;
        }
        if (other.IsEmpty)
        {
            return this;
        }
        var x = Math.Min(X, other.X);
        var y = Math.Min(Y, other.Y);
        return new DisplayRect(x, y, Math.Max(X + Width, other.X + other.Width) - x, Math.Max(Y + Height, other.Y + other.Height) - y);
    }
}
