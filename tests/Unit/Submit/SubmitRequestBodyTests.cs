using System.Net.Http;
using FalconX.Client;
using FalconX.Models;

namespace FalconX.Tests.Submit;

/// <summary>The submission body as it goes on the wire: the API's names and order, and nothing for what was not given.</summary>
public sealed class SubmitRequestBodyTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static string Wire(FalconXSubmitParameters parameters, string? sha256, string? url) =>
        new ApiRequest(HttpMethod.Post, "falconx/entities/submissions/v1").WithJsonBody(SubmitRequestBody.For(parameters, sha256, url)).DebugBody!;

    [Fact]
    public void A_sample_with_only_its_environment_sends_just_those()
    {
        var parameters = new FalconXSubmitParameters { Sha256 = Sha, EnvironmentId = 110, CommandLine = string.Empty, SubmitName = string.Empty, Browser = string.Empty };

        Assert.Equal("{\"sandbox\":[{\"sha256\":\"" + Sha + "\",\"environment_id\":110}]}", Wire(parameters, Sha, null));
    }

    [Fact]
    public void Every_setting_given_is_sent_under_the_api_name_in_the_api_order()
    {
        var parameters = new FalconXSubmitParameters
        {
            Url = "https://example.org/a?b=1",
            EnvironmentId = 160,
            ActionScript = "default_openie",
            CommandLine = "/q <x>",
            DocumentPassword = "pw",
            NetworkSettings = "tor",
            SubmitName = "café.doc",
            SystemDate = "2024-05-31",
            SystemTime = "09:30",
            Browser = "edge",
            Interactivity = false,
            UserTags = { "ticket-1", "soc" },
            SendEmailNotification = true,
            AutoDetectEnvironment = false,
        };

        var wire = Wire(parameters, null, "https://example.org/a?b=1");

        Assert.Equal(
            "{\"sandbox\":[{\"url\":\"https://example.org/a?b=1\",\"environment_id\":160,\"action_script\":\"default_openie\",\"command_line\":\"/q \\u003Cx\\u003E\","
            + "\"document_password\":\"pw\",\"network_settings\":\"tor\",\"submit_name\":\"caf\\u00E9.doc\",\"system_date\":\"2024-05-31\",\"system_time\":\"09:30\","
            + "\"browser\":\"edge\",\"interactivity\":false}],\"user_tags\":[\"ticket-1\",\"soc\"],\"send_email_notification\":true,\"auto_detect_environment\":false}",
            wire);
    }
}
