using Microwasm.AppFramework.Applets;
using Microwasm.Host;

namespace Microwasm.AppFramework.Extensions;

/// <summary>
/// A framework extension (sensors, connections, display): natives that every applet may import
/// from <c>env</c>, and the end of whatever one applet holds in it. An extension is created once
/// per <see cref="AppManager"/> and shared by all its applets; its natives find the calling applet
/// with <see cref="Applet.From"/>, and work that must run on an applet's thread (calling one of its
/// exports) is posted as a <see cref="CallbackMessage"/>.
/// </summary>
internal interface IAppletExtension
{
    /// <summary>The natives this extension adds to every applet's <c>env</c> imports.</summary>
    IReadOnlyList<NativeSymbol> Natives { get; }

    /// <summary>
    /// Called once when <paramref name="applet"/> ends (uninstall, stop or fault), on the applet's
    /// thread after its instance is gone: close everything the applet opened. Must not throw.
    /// </summary>
    void OnAppletReleased(Applet applet);
}
