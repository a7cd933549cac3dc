using Microwasm.AppFramework.Messaging;

namespace Microwasm.AppFramework.Tests.Messaging;

public sealed class UrlTests
{
    [Theory]
    [InlineData("/abc", "/abc", 4)]
    [InlineData("abc", "/abc", 3)]
    [InlineData("/abc", "abc", 4)]
    [InlineData("/abc/x", "/abc", 5)]
    [InlineData("/abc?x=1", "/abc", 5)]
    [InlineData("/abc/x", "/abc/", 5)]
    [InlineData("/abcd", "/abc", 0)]
    [InlineData("/ab", "/abc", 0)]
    [InlineData("/abc", "/", 0)]
    [InlineData("/abc", "", 0)]
    [InlineData("/app/request_handler/url1", "/app/", 5)]
    public void PrefixesMatchAsWamrsCheckUrlStart(string url, string prefix, int expected) =>
        Assert.Equal(expected, Url.MatchPrefix(url, prefix));

    [Theory]
    [InlineData("/applet?name=timer&heap=1024", "name", "timer")]
    [InlineData("/applet?name=timer&heap=1024", "heap", "1024")]
    [InlineData("/applet?name=timer&heap=1024", "type", null)]
    [InlineData("/applet?nameX=a&name=b", "name", "b")]
    [InlineData("/applet?name=", "name", "")]
    [InlineData("name=x", "name", "x")]
    public void QueryValuesAreFoundByKey(string url, string key, string? expected) =>
        Assert.Equal(expected, Url.GetQueryValue(url, key));

    [Theory]
    [InlineData("/alert/overheat", "alert/overheat")]
    [InlineData("alert/overheat", "alert/overheat")]
    public void EventUrlsDropOneLeadingSlash(string url, string expected) => Assert.Equal(expected, Url.NormalizeEvent(url));
}
