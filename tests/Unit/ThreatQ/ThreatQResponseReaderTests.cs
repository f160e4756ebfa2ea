using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using FalconX.Client;
using FalconX.ThreatQ.Api;

namespace FalconX.Tests.ThreatQ;

/// <summary>Reading ThreatQ's answers without HTTP: error texts in every shape, the rejected item, the error a status stands for.</summary>
public sealed class ThreatQResponseReaderTests
{
    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    [Theory]
    [InlineData("""{"errors":["The value is invalid.","Another."]}""", "The value is invalid.|Another.")]
    [InlineData("""{"errors":[{"message":"Bad type."},{"code":7}]}""", """Bad type.|{"code":7}""")]
    [InlineData("""{"errors":{"0.value":["The value field is required.","Too short."],"type":"Unknown type."}}""", "0.value: The value field is required. Too short.|type: Unknown type.")]
    [InlineData("""{"data":{"errors":["Inside data."]}}""", "Inside data.")]
    [InlineData("""{"error":"invalid_client","error_description":"Client authentication failed."}""", "Client authentication failed.")]
    [InlineData("""{"error":"invalid_client"}""", "invalid_client")]
    [InlineData("""{"message":"Server Error"}""", "Server Error")]
    [InlineData("""{"errors":["First."],"message":"Not used when there are errors."}""", "First.")]
    [InlineData("""["not","an","object"]""", "")]
    [InlineData("<html>nginx</html>", "")]
    public void Error_texts_are_read_from_every_shape_ThreatQ_writes(string body, string expected)
    {
        var errors = ThreatQResponseReader.ReadErrors(Body(body));

        Assert.Equal(expected, string.Join("|", errors));
    }

    [Theory]
    [InlineData("""{"errors":{"3.value":["The value field is required."]}}""", 3)]
    [InlineData("""{"errors":["12: duplicate"]}""", 12)]
    [InlineData("""{"errors":{"value":["The value field is required."]}}""", null)]
    [InlineData("""{"errors":["42"]}""", null)]
    public void The_rejected_item_is_the_leading_number_of_an_error_field(string body, int? expected)
    {
        Assert.Equal(expected, ThreatQResponseReader.ItemIndexOf(Body(body)));
    }

    [Theory]
    [InlineData(401, FalconXErrorKind.Authentication, "Run Connect-ThreatQ again.")]
    [InlineData(403, FalconXErrorKind.Authentication, "lacks the permission")]
    [InlineData(404, FalconXErrorKind.NotFound, "Not found in ThreatQ.")]
    [InlineData(429, FalconXErrorKind.RateLimit, "slow down")]
    [InlineData(502, FalconXErrorKind.Server, "ThreatQ failed.")]
    [InlineData(422, FalconXErrorKind.InvalidRequest, "rejected the request")]
    [InlineData(302, FalconXErrorKind.InvalidResponse, "does not follow")]
    public void Each_status_is_the_error_a_caller_acts_on(int status, FalconXErrorKind kind, string phrase)
    {
        var error = ThreatQResponseReader.ErrorFor(status, "POST", "/api/indicators/consume", Body("""{"errors":["Said by ThreatQ."]}"""), retries: 0);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains(phrase, error.Summary, StringComparison.Ordinal);
        Assert.Equal(new[] { "Said by ThreatQ." }, error.Errors);
        Assert.DoesNotContain("Gave up", error.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_consume_body_names_its_item_and_retries_are_counted()
    {
        var error = ThreatQResponseReader.ErrorFor(422, "POST", "/api/indicators/consume", Body("""{"errors":{"5.type":["Unknown type."]}}"""), retries: 3);

        Assert.Equal(5, error.ItemIndex);
        Assert.EndsWith("Gave up after 3 retries.", error.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_json_is_an_invalid_response_quoting_its_first_line()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>\nproxy login\n</html>", Encoding.UTF8, "text/html") };

        var error = Assert.Throws<ThreatQApiException>(() => ThreatQResponseReader.ParseBody(Body("<html>\nproxy login\n</html>"), response, "GET", "/api/indicators/1"));

        Assert.Equal(FalconXErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("text/html", error.Summary, StringComparison.Ordinal);
        Assert.Contains("\"<html>\"", error.Summary, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public void An_empty_body_is_undefined_and_json_is_parsed()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NoContent);

        Assert.Equal(JsonValueKind.Undefined, ThreatQResponseReader.ParseBody(Array.Empty<byte>(), response, "DELETE", "/api/x").ValueKind);
        Assert.Equal(7, ThreatQResponseReader.ParseBody(Body("""{"data":{"id":7}}"""), response, "GET", "/api/x").GetProperty("data").GetProperty("id").GetInt32());
    }
}
