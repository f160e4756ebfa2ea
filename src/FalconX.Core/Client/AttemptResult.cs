using System;

namespace FalconX.Client;

/// <summary>The outcome of one attempt: a parsed answer, a stream, or a classified failure the retry strategy looks at.</summary>
internal sealed class AttemptResult : IDisposable
{
    public int StatusCode { get; init; }

    public ApiResponse? Response { get; init; }

    public ApiStreamResponse? Stream { get; init; }

    public FalconXApiException? Failure { get; init; }

    public void Dispose() => Stream?.Dispose();
}
