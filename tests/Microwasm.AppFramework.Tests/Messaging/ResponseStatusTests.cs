using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Tests.Messaging;

public class ResponseStatusTests
{
    [Theory]
    [InlineData(ResponseStatus.Content, "2.05", 69)]
    [InlineData(ResponseStatus.Created, "2.01", 65)]
    [InlineData(ResponseStatus.NotFound, "4.04", 132)]
    [InlineData(ResponseStatus.InternalServerError, "5.00", 160)]
    [InlineData(ResponseStatus.ServiceUnavailable, "5.03", 163)]
    public void StatusesHaveWamrsCodesAndCoapNames(ResponseStatus status, string coap, int code)
    {
        Assert.Equal(code, (int)status);
        Assert.Equal(coap, status.ToCoapString());
    }
}
