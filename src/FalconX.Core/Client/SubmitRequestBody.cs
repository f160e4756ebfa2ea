using System.Text.Json.Nodes;
using FalconX.Models;

namespace FalconX.Client;

/// <summary>
/// The JSON body of <c>POST /falconx/entities/submissions/v1</c> for one detonation: <c>sandbox</c> (a list of one)
/// with the sample or URL, the environment and the settings given, then <c>user_tags</c>,
/// <c>send_email_notification</c> and <c>auto_detect_environment</c>. What was not given (null, or empty text) is left
/// out, so the API applies its own default.
/// </summary>
internal static class SubmitRequestBody
{
    /// <param name="parameters">Validated parameters.</param>
    /// <param name="sha256">The sample's SHA-256, normalised; null for a URL.</param>
    /// <param name="url">The URL, trimmed; null for a sample.</param>
    internal static JsonObject For(FalconXSubmitParameters parameters, string? sha256, string? url)
    {
        var sandbox = new JsonObject();
        Add(sandbox, "sha256", sha256);
        Add(sandbox, "url", url);
        sandbox["environment_id"] = parameters.EnvironmentId;
        Add(sandbox, "action_script", parameters.ActionScript);
        Add(sandbox, "command_line", NullIfEmpty(parameters.CommandLine));
        Add(sandbox, "document_password", NullIfEmpty(parameters.DocumentPassword));
        Add(sandbox, "network_settings", parameters.NetworkSettings);
        Add(sandbox, "submit_name", NullIfEmpty(parameters.SubmitName));
        Add(sandbox, "system_date", parameters.SystemDate);
        Add(sandbox, "system_time", parameters.SystemTime);
        Add(sandbox, "browser", NullIfEmpty(parameters.Browser));
        if (parameters.Interactivity is bool interactivity)
        {
            sandbox["interactivity"] = interactivity;
        }

        var body = new JsonObject { ["sandbox"] = new JsonArray(sandbox) };
        if (parameters.UserTags is { Count: > 0 } tags)
        {
            var list = new JsonArray();
            foreach (var tag in tags)
            {
                list.Add(tag);
            }

            body["user_tags"] = list;
        }

        if (parameters.SendEmailNotification is bool notify)
        {
            body["send_email_notification"] = notify;
        }

        if (parameters.AutoDetectEnvironment is bool autoDetect)
        {
            body["auto_detect_environment"] = autoDetect;
        }

        return body;
    }

    private static void Add(JsonObject holder, string name, string? value)
    {
        if (value is not null)
        {
            holder[name] = value;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
