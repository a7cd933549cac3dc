using Microwasm.AppFramework.Applets;
using Microwasm.AppFramework.Messaging;
using Microwasm.AppFramework.Tests.Support;

namespace Microwasm.AppFramework.Tests.Messaging;

using Microwasm.AppFramework.AttrContainer;

public sealed class ErrorResponseTests
{
    [Fact]
    public async Task ErrorsCarryWamrsErrorMessageContainer()
    {
        await using var manager = new AppManager(new AppManagerOptions { Output = new AppletOutput().For });

        var response = await manager.SendRequestAsync(new Request(RequestMethod.Get, "/nowhere/x") { Mid = 99 });

        Assert.Equal((ResponseStatus.NotFound, 99u, PayloadFormat.AttrContainer), (response.Status, response.Mid, response.Format));
        var container = AttrContainer.Parse(response.Payload.Span);
        Assert.Equal("", container.Tag);
        Assert.Equal("no applet serves \"/nowhere/x\"", container.Get("error message").AsString());
    }
}
