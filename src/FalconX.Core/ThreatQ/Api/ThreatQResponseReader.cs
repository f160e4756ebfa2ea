using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using FalconX.Client;

namespace FalconX.ThreatQ.Api;

/// <summary>
/// Reads ThreatQ's answers: a body as JSON, the error texts of a refusal (in every shape ThreatQ and its OAuth server
/// write them), the index of the item a consume body was rejected for, and the <see cref="ThreatQApiException"/> a
/// status stands for. Pure: bytes and a status in, values out.
/// </summary>
internal static class ThreatQResponseReader
{
    /// <summary>The parsed body (an undefined element for an empty one).</summary>
    /// <exception cref="ThreatQApiException">The body is not JSON (a proxy's or another site's page).</exception>
    internal static JsonElement ParseBody(byte[] body, HttpResponseMessage response, string method, string path)
    {
        if (body.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var first = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).Split('\n')[0].Trim();
            throw new ThreatQApiException(FalconXErrorKind.InvalidResponse, $"ThreatQ answered {(int)response.StatusCode} but the body is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}): \"{first}\".", (int)response.StatusCode, method, path, innerException: ex);
        }
    }

    /// <summary>The exception for a final answer that is not 2xx, after <paramref name="retries"/> retries.</summary>
    internal static ThreatQApiException ErrorFor(int status, string method, string path, byte[] body, int retries)
    {
        var errors = ReadErrors(body);
        var note = retries > 0 ? $" Gave up after {retries} retries." : string.Empty;
        return status switch
        {
            401 => new ThreatQApiException(FalconXErrorKind.Authentication, "ThreatQ refused the token even after a fresh one was requested. Run Connect-ThreatQ again." + note, status, method, path, errors),
            403 => new ThreatQApiException(FalconXErrorKind.Authentication, "ThreatQ denied access: the user or API client lacks the permission for this call." + note, status, method, path, errors),
            404 => new ThreatQApiException(FalconXErrorKind.NotFound, "Not found in ThreatQ." + note, status, method, path, errors),
            429 => new ThreatQApiException(FalconXErrorKind.RateLimit, "ThreatQ kept asking to slow down (429)." + note, status, method, path, errors),
            >= 500 => new ThreatQApiException(FalconXErrorKind.Server, "ThreatQ failed." + note, status, method, path, errors),
            >= 400 => new ThreatQApiException(FalconXErrorKind.InvalidRequest, "ThreatQ rejected the request." + note, status, method, path, errors) { ItemIndex = ItemIndexOf(body) },
            >= 300 => new ThreatQApiException(FalconXErrorKind.InvalidResponse, "ThreatQ answered with a redirect, which FalconX does not follow (the token goes to the given host only). Check -Uri.", status, method, path, errors),
            _ => new ThreatQApiException(FalconXErrorKind.InvalidResponse, "Unexpected answer from ThreatQ." + note, status, method, path, errors),
        };
    }

    /// <summary>
    /// ThreatQ's error texts, from the shapes public integrations parse (PEERS.md §1.3 "Errors"): a top-level
    /// <c>errors</c> list or field map, <c>data.errors</c>, or OAuth's <c>error</c>/<c>error_description</c>.
    /// </summary>
    internal static IReadOnlyList<string> ReadErrors(byte[] body)
    {
        var list = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return list;
            }

            Collect(root, list);
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                Collect(data, list);
            }

            if (Json.String(root, "error_description") is string description)
            {
                list.Add(description);
            }
            else if (Json.String(root, "error") is string error)
            {
                list.Add(error);
            }

            if (list.Count == 0 && Json.String(root, "message") is string message)
            {
                list.Add(message);
            }
        }
        catch (JsonException)
        {
        }

        return list;

        static void Collect(JsonElement holder, List<string> list)
        {
            if (!holder.TryGetProperty("errors", out var errors))
            {
                return;
            }

            if (errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in errors.EnumerateArray())
                {
                    list.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : Json.String(item, "message") ?? item.GetRawText());
                }
            }
            else if (errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? string.Join(" ", EnumerateStrings(field.Value))
                        : field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
                    list.Add(field.Name + ": " + messages);
                }
            }
        }
    }

    /// <summary>The index of the rejected item of a consume body: the leading number of an error field ("3.value", "3").</summary>
    internal static int? ItemIndexOf(byte[] body)
    {
        foreach (var text in ReadErrors(body))
        {
            var end = 0;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }

            if (end > 0 && end < text.Length && (text[end] == '.' || text[end] == ':') &&
                int.TryParse(text.Substring(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }

        return null;
    }

    private static IEnumerable<string> EnumerateStrings(JsonElement array)
    {
        foreach (var item in array.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        }
    }
}
