using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FalconX.Client;

/// <summary>
/// Sends <see cref="ApiRequest"/>s through a Polly pipeline: overall timeout → retry (decided by <see cref="RetryRules"/>)
/// → per-attempt timeout → one attempt (a bearer token, one re-authentication after an unexpected 401, then
/// <see cref="AttemptSender"/>). Turns what is left of a failed call into one <see cref="FalconXApiException"/>.
/// </summary>
/// <remarks>
/// A client has two: one without tokens, through which the <see cref="TokenProvider"/> asks for them, and one with that
/// provider for every other call. Both share the sender (HTTP client, rate-limit gate, log), so the token provider never
/// needs the pipeline that needs it.
/// </remarks>
internal sealed class RequestPipeline
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("FalconX.CallState");

    private readonly FalconXClientOptions _options;
    private readonly AttemptSender _sender;
    private readonly ApiCallLog _log;
    private readonly TokenProvider? _tokens;
    private readonly RetryRules _retryRules;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private readonly Random _jitter = new();

    /// <param name="options">Timeouts and retry bounds.</param>
    /// <param name="sender">Sends single attempts.</param>
    /// <param name="log">The client's call log.</param>
    /// <param name="tokens">Supplies bearer tokens for authenticated requests; null for the pipeline that fetches them.</param>
    public RequestPipeline(FalconXClientOptions options, AttemptSender sender, ApiCallLog log, TokenProvider? tokens)
    {
        _options = options;
        _sender = sender;
        _log = log;
        _tokens = tokens;
        _retryRules = new RetryRules(options, NextJitter);
        _pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = options.TimeProvider }
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "FalconX.OverallTimeout",
                TimeoutGenerator = _ => new ValueTask<TimeSpan>(options.OverallTimeout),
            })
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                Name = "FalconX.Retry",
                // The real bounds (retries per kind, total 429 wait) are enforced by RetryRules.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).NextDelay),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                Name = "FalconX.AttemptTimeout",
                TimeoutGenerator = _ => new ValueTask<TimeSpan>(options.AttemptTimeout),
            })
            .Build();
    }

    /// <summary>Sends a request and returns the parsed envelope of a 2xx answer; throws <see cref="FalconXApiException"/> otherwise.</summary>
    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var result = await ExecuteAsync(request, streaming: false, cancellationToken).ConfigureAwait(false);
        return result.Response!;
    }

    /// <summary>Sends a request and returns the body of a 2xx answer as a stream; error answers are parsed and thrown as usual.</summary>
    public async Task<ApiStreamResponse> SendStreamAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(request, streaming: true, cancellationToken).ConfigureAwait(false);
        if (result.Stream is not null)
        {
            return result.Stream;
        }

        // A 2xx that was buffered (e.g. an empty body) still has to come back as a stream.
        var bytes = result.Response is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(result.Response.Root.ValueKind == System.Text.Json.JsonValueKind.Undefined ? string.Empty : result.Response.Root.GetRawText());
        var message = new HttpResponseMessage((HttpStatusCode)result.StatusCode) { Content = new ByteArrayContent(bytes) };
        return new ApiStreamResponse(message, new MemoryStream(bytes, writable: false), result.Response?.Headers ?? new System.Collections.Generic.Dictionary<string, string>(), result.Response?.TraceId);
    }

    /// <summary>Writes to the client's log (scopes and <see cref="FalconXClientOptions.Logger"/>).</summary>
    internal void Log(FalconXLogLevel level, string message) => _log.Write(level, message);

    private async Task<AttemptResult> ExecuteAsync(ApiRequest request, bool streaming, CancellationToken cancellationToken)
    {
        if (request.Authenticated && _tokens is null)
        {
            throw new InvalidOperationException($"{request.Method.Method} /{request.Path} needs a token, and this pipeline is the one that fetches tokens.");
        }

        var state = new CallState(request, streaming);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        try
        {
            var result = await _pipeline.ExecuteAsync(static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
            if (result.Failure is not null)
            {
                result.Dispose();
                if (_options.OverallTimeout != Timeout.InfiniteTimeSpan && state.Elapsed >= _options.OverallTimeout)
                {
                    // The overall timeout cut the retries short: that, not the last answer, is why the call failed.
                    throw new FalconXApiException(FalconXErrorKind.Timeout, $"The call did not complete within the overall timeout of {DurationText.Format(_options.OverallTimeout)}{RetrySuffix(state)}; the last answer was HTTP {result.StatusCode}.", null, request.Method.Method, "/" + request.Path, result.Failure.Errors, result.Failure.TraceId, result.Failure);
                }

                throw WithRetryNote(result.Failure, state);
            }

            return result;
        }
        catch (FalconXApiException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException ex)
        {
            var overall = ex.Timeout == _options.OverallTimeout && ex.Timeout != _options.AttemptTimeout;
            var summary = overall
                ? $"The call did not complete within the overall timeout of {DurationText.Format(_options.OverallTimeout)}{RetrySuffix(state)}."
                : $"No answer within the attempt timeout of {DurationText.Format(_options.AttemptTimeout)}{RetrySuffix(state)}.";
            throw new FalconXApiException(FalconXErrorKind.Timeout, summary, null, request.Method.Method, "/" + request.Path, innerException: ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new FalconXApiException(FalconXErrorKind.Timeout, $"The request was abandoned before an answer arrived{RetrySuffix(state)}.", null, request.Method.Method, "/" + request.Path, innerException: ex);
        }
        catch (Exception ex) when (TransportFailures.IsTransport(ex))
        {
            var host = request.BuildUri(_sender.BaseUrl).GetLeftPart(UriPartial.Authority);
            if (TransportFailures.IsProxyAuthenticationFailure(ex))
            {
                throw new FalconXApiException(FalconXErrorKind.ProxyAuthentication, EnvelopeParser.ProxyAuthenticationAdvice, 407, request.Method.Method, "/" + request.Path, innerException: ex);
            }

            if (TransportFailures.IsTlsFailure(ex))
            {
                throw new FalconXApiException(
                    FalconXErrorKind.Transport,
                    $"No secure (TLS) connection to {host}: {TransportFailures.Describe(ex)}. FalconX always checks the server's certificate and has no switch to skip that check. If a TLS-inspecting proxy re-signs traffic, add its root certificate to this machine's trusted certificates; otherwise check -BaseUrl.",
                    null,
                    request.Method.Method,
                    "/" + request.Path,
                    innerException: ex);
            }

            throw new FalconXApiException(
                FalconXErrorKind.Transport,
                $"Could not reach {host}: {TransportFailures.Describe(ex)}{RetrySuffix(state)}. Check the network, the proxy (-Proxy) and the cloud or base URL.",
                null,
                request.Method.Method,
                "/" + request.Path,
                innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<AttemptResult> AttemptAsync(ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        var cancellationToken = context.CancellationToken;
        state.Attempts++;

        string? token = null;
        if (state.Request.Authenticated)
        {
            token = await _tokens!.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        var result = await _sender.SendAsync(state, token, cancellationToken).ConfigureAwait(false);
        if (result.StatusCode == 401 && state.Request.Authenticated)
        {
            // The token may have been revoked, the clocks disagree, or this attempt waited (rate-limit gate, busy
            // machine) until its token ran out: one fresh token, one more try. Once per attempt, not per call: a call
            // whose later attempt (after a 5xx) meets an expired token again deserves the same second chance, and a 401
            // on the fresh token still ends the call.
            state.Reauthentications++;
            result.Dispose();
            _log.Write(FalconXLogLevel.Verbose, $"{state.Label}: 401 with a token that should still be valid; getting a new token and trying once more.");
            _tokens!.Invalidate(token);
            token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            result = await _sender.SendAsync(state, token, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private bool ShouldRetry(Outcome<AttemptResult> outcome, ResilienceContext context)
    {
        var state = context.Properties.GetValue(StateKey, null!);
        if (context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var now = _options.TimeProvider.GetUtcNow();
        RetryDecision decision;
        if (outcome.Exception is Exception exception)
        {
            decision = _retryRules.AfterException(exception, state.Request.RetryPolicy, state.History);
        }
        else if (outcome.Result is { Failure: FalconXApiException failure } result)
        {
            decision = _retryRules.AfterAnswer(result.StatusCode, failure, state.Request.RetryPolicy, state.History, now);
        }
        else
        {
            return false;
        }

        if (decision.GiveUpNote is not null)
        {
            state.GiveUpNote = decision.GiveUpNote;
        }

        if (decision.Explanation is not null)
        {
            _log.Write(FalconXLogLevel.Verbose, $"{state.Label}: {decision.Explanation}");
        }

        switch (decision.Kind)
        {
            case RetryKind.Transient:
                state.TransientRetries++;
                break;
            case RetryKind.RateLimit:
                state.RateLimitRetries++;
                state.RateLimitWaited += decision.Delay;
                _sender.Gate.Block(now + decision.Delay);
                break;
            default:
                return false;
        }

        state.NextDelay = decision.Delay;
        return true;
    }

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Retry jitter only spreads retries of many clients over time; nothing depends on it being unpredictable.")]
    private double NextJitter()
    {
        lock (_jitter)
        {
            return _jitter.NextDouble();
        }
    }

    private static FalconXApiException WithRetryNote(FalconXApiException failure, CallState state)
    {
        var note = state.GiveUpNote is not null ? $" Gave up: {state.GiveUpNote}." : state.TransientRetries + state.RateLimitRetries > 0 ? $" Gave up after {state.TransientRetries + state.RateLimitRetries} retries." : null;
        if (note is null)
        {
            return failure;
        }

        return new FalconXApiException(failure.Kind, failure.Summary + note, failure.StatusCode, failure.Method, failure.Path, failure.Errors, failure.TraceId)
        {
            RetryAfter = failure.RetryAfter,
            Quota = failure.Quota,
        };
    }

    private static string RetrySuffix(CallState state)
    {
        var retries = state.TransientRetries + state.RateLimitRetries;
        return retries == 0 ? string.Empty : $" (after {retries} retries)";
    }
}
