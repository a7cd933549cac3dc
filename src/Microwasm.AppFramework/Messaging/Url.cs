namespace Microwasm.AppFramework.Messaging;

/// <summary>URL matching and query parsing as WAMR's framework does them.</summary>
public static class Url
{
    /// <summary>
    /// WAMR's <c>check_url_start</c>: whether <paramref name="url"/> starts with the path
    /// <paramref name="prefix"/>. A leading <c>/</c> is optional on both, a trailing <c>/</c> on the
    /// prefix is ignored, and the prefix must end at a segment: <c>/abc</c> matches <c>abc</c>,
    /// <c>/abc/x</c> and <c>/abc?x</c> but not <c>/abcd</c>. Returns the length of the matched part of
    /// <paramref name="url"/> including the separator after it (where the rest starts), or 0 when it
    /// does not match.
    /// </summary>
    public static int MatchPrefix(ReadOnlySpan<char> url, ReadOnlySpan<char> prefix)
    {
        var offset = 0;
        if (prefix.Length > 0 && prefix[0] == '/')
        {
            prefix = prefix[1..];
        }
        if (url.Length > 0 && url[0] == '/')
        {
            url = url[1..];
            offset = 1;
        }
        if (prefix.Length > 0 && prefix[^1] == '/')
        {
            prefix = prefix[..^1];
        }
        if (prefix.Length == 0 || url.Length < prefix.Length || !url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return 0;
        }
        if (url.Length == prefix.Length)
        {
            return offset + prefix.Length;
        }
        return url[prefix.Length] is '/' or '?' ? offset + prefix.Length + 1 : 0;
    }

    /// <summary>
    /// The value of <paramref name="key"/> in a <c>key=value&amp;key=value</c> query (WAMR's
    /// <c>find_key_value</c> with <c>&amp;</c>; no URL decoding), or null. The query is the part of
    /// <paramref name="url"/> after its first <c>?</c>, or all of it when there is none.
    /// </summary>
    public static string? GetQueryValue(string url, string key)
    {
        var question = url.IndexOf('?');
        var query = question >= 0 ? url.AsSpan(question + 1) : url.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range].Trim(' ');
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].SequenceEqual(key))
            {
                return pair[(equals + 1)..].ToString();
            }
        }
        return null;
    }

    /// <summary>The path of <paramref name="url"/>: everything before its first <c>?</c>.</summary>
    public static string GetPath(string url)
    {
        var question = url.IndexOf('?');
        return question >= 0 ? url[..question] : url;
    }

    /// <summary>An event URL as subscriptions store it: without one leading <c>/</c> (WAMR stores <c>PUT /event/alert/x</c> as <c>alert/x</c>).</summary>
    public static string NormalizeEvent(string url) => url.StartsWith('/') ? url[1..] : url;
}
