using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;

namespace FalconX.Client;

/// <summary>
/// A successful answer whose body is read as a stream (artifact and sample downloads). gzip/deflate content encoding
/// is undone by the handler. Dispose it to release the connection.
/// </summary>
internal sealed class ApiStreamResponse : IDisposable
{
    private readonly HttpResponseMessage _response;

    internal ApiStreamResponse(HttpResponseMessage response, Stream content, IReadOnlyDictionary<string, string> headers, string? traceId)
    {
        _response = response;
        Content = content;
        Headers = headers;
        TraceId = traceId;
        StatusCode = (int)response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        ContentLength = response.Content.Headers.ContentLength;
        var disposition = response.Content.Headers.ContentDisposition;
        FileName = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
    }

    public int StatusCode { get; }

    /// <summary>The media type, e.g. application/json or application/octet-stream.</summary>
    public string? ContentType { get; }

    /// <summary>The length in bytes when the server sent one (absent for compressed answers).</summary>
    public long? ContentLength { get; }

    /// <summary>The file name from Content-Disposition, when given.</summary>
    public string? FileName { get; }

    /// <summary>The body, already decompressed.</summary>
    public Stream Content { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? TraceId { get; }

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}
