using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FalconX.Emulator;

/// <summary>The checks POST /falconx/entities/submissions/v1 makes on its body before anything is stored or counted.</summary>
internal static partial class SubmissionValidator
{
    private static readonly HashSet<string> NetworkSettings = new(StringComparer.Ordinal) { "default", "tor", "simulated", "offline" };
    private static readonly HashSet<string> ActionScripts = new(StringComparer.Ordinal)
    {
        "default", "default_maxantievasion", "default_randomfiles", "default_randomtheme", "default_openie",
    };

    private static readonly string[] StringParameters =
        ["sha256", "url", "action_script", "command_line", "document_password", "network_settings", "submit_name", "system_date", "system_time", "browser"];

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{2}:\d{2}$")]
    private static partial Regex TimePattern();

    /// <summary>
    /// Checks the one <c>sandbox</c> object and the body's other fields as the API does; returns the problem in the
    /// API's words, or null with the environment to run in (a deprecated id becomes its successor), the user tags and
    /// whether an e-mail was asked for.
    /// </summary>
    public static string? Validate(JsonObject sandbox, JsonObject document, out int environmentId, out List<string> userTags, out bool sendEmail)
    {
        environmentId = 0;
        userTags = [];
        sendEmail = false;
        foreach (var name in StringParameters)
        {
            if (sandbox[name] is { } node && (node.GetValueKind() != JsonValueKind.String))
            {
                return $"sandbox.{name} must be a string.";
            }
        }

        var sha256 = sandbox["sha256"]?.GetValue<string>();
        var url = sandbox["url"]?.GetValue<string>();
        if (sha256 is not null && url is not null)
        {
            return "send either sandbox.sha256 or sandbox.url, not both.";
        }

        if (sha256 is null && url is null)
        {
            return "sandbox.sha256 (of an uploaded sample) or sandbox.url is required.";
        }

        if (sha256 is not null && !Sha256Pattern().IsMatch(sha256))
        {
            return $"sandbox.sha256 '{sha256}' is not a SHA-256 (64 hexadecimal characters).";
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp")))
        {
            return $"sandbox.url '{url}' is not an absolute http, https or ftp URL.";
        }

        var environment = sandbox["environment_id"];
        if (environment is null)
        {
            return "sandbox.environment_id is required, e.g. 160 for Windows 10 64 bit.";
        }

        var parsed = environment.GetValueKind() switch
        {
            JsonValueKind.Number when environment.AsValue().TryGetValue<int>(out var n) => n,
            JsonValueKind.String when int.TryParse(environment.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => (int?)null,
        };
        if (parsed is null || !SandboxEnvironments.TryGet(parsed.Value, out _))
        {
            return $"sandbox.environment_id '{environment.ToJsonString()}' is not a known environment; use one of {string.Join(", ", SandboxEnvironments.Ids)}.";
        }

        // Deprecated ids are accepted and run in their successor, which the submission and report then name.
        environmentId = SandboxEnvironments.Effective(parsed.Value);
        if (sandbox["command_line"]?.GetValue<string>() is { Length: > 2048 })
        {
            return "sandbox.command_line is longer than 2048 characters.";
        }

        if (sandbox["document_password"]?.GetValue<string>() is { Length: > 32 })
        {
            return "sandbox.document_password is longer than 32 characters.";
        }

        if (sandbox["network_settings"]?.GetValue<string>() is { } network && !NetworkSettings.Contains(network))
        {
            return $"sandbox.network_settings '{network}' is not one of default, tor, simulated, offline.";
        }

        if (sandbox["action_script"]?.GetValue<string>() is { } script && !ActionScripts.Contains(script))
        {
            return $"sandbox.action_script '{script}' is not one of {string.Join(", ", ActionScripts)}.";
        }

        if (sandbox["system_date"]?.GetValue<string>() is { } date && !DatePattern().IsMatch(date))
        {
            return $"sandbox.system_date '{date}' must look like yyyy-MM-dd.";
        }

        if (sandbox["system_time"]?.GetValue<string>() is { } time && !TimePattern().IsMatch(time))
        {
            return $"sandbox.system_time '{time}' must look like HH:mm.";
        }

        if (sandbox["enable_tor"] is { } tor && tor.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "sandbox.enable_tor must be true or false.";
        }

        if (sandbox["interactivity"] is { } interactive && interactive.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "sandbox.interactivity must be true or false.";
        }

        if (sandbox["browser"]?.GetValue<string>() is { } browser && string.IsNullOrWhiteSpace(browser))
        {
            return "sandbox.browser must name a browser when it is given.";
        }

        if (document["auto_detect_environment"] is { } detect && detect.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "auto_detect_environment must be true or false.";
        }

        if (document["user_tags"] is { } tags)
        {
            if (tags is not JsonArray array || array.Any(t => t is null || t.GetValueKind() != JsonValueKind.String))
            {
                return "user_tags must be an array of strings.";
            }

            userTags = array.Select(t => t!.GetValue<string>()).ToList();
        }

        // FalconPy's keyword builder writes the plural key; accept both so its users get what they asked for.
        var email = document["send_email_notification"] ?? document["send_email_notifications"];
        if (email is not null)
        {
            if (email.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                return "send_email_notification must be true or false.";
            }

            sendEmail = email.GetValue<bool>();
        }

        return null;
    }
}
