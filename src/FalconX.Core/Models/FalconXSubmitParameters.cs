using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;

namespace FalconX.Models;

/// <summary>
/// What to detonate and how: an uploaded sample (<see cref="Sha256"/>) or a <see cref="Url"/>, the environment and
/// the optional sandbox settings. <see cref="Validate"/> checks every rule the API documents, so a bad value is
/// refused before any request.
/// </summary>
public sealed class FalconXSubmitParameters
{
    private List<string> _userTags = new();

    /// <summary>Longest command line the API accepts.</summary>
    public const int MaxCommandLineLength = 2048;

    /// <summary>Longest document password the API accepts.</summary>
    public const int MaxDocumentPasswordLength = 32;

    /// <summary>The action scripts the API knows.</summary>
    public static IReadOnlyList<string> ActionScripts { get; } = new[]
    {
        "default", "default_maxantievasion", "default_randomfiles", "default_randomtheme", "default_openie",
    };

    /// <summary>The network settings the API knows.</summary>
    public static IReadOnlyList<string> NetworkSettingValues { get; } = new[] { "default", "tor", "simulated", "offline" };

    /// <summary>The SHA-256 of an uploaded sample. Either this or <see cref="Url"/>.</summary>
    public string? Sha256 { get; set; }

    /// <summary>A web page or file URL (http, https or ftp). Either this or <see cref="Sha256"/>.</summary>
    [SuppressMessage("Design", "CA1056:URI-like properties should not be strings", Justification = "Sent to the API as the user typed it (trimmed); System.Uri would rewrite it (escaping, a trailing slash), and FindProblems explains a text that is no URL instead of failing on it.")]
    public string? Url { get; set; }

    /// <summary>The environment id; default 160 (Windows 10 64-bit).</summary>
    public int EnvironmentId { get; set; } = SandboxEnvironment.DefaultId;

    /// <summary>One of <see cref="ActionScripts"/>, or null for the API's default.</summary>
    public string? ActionScript { get; set; }

    /// <summary>The command line to start the sample with (at most 2048 characters).</summary>
    public string? CommandLine { get; set; }

    /// <summary>The password of an Office or PDF document (at most 32 characters). Masked in every log.</summary>
    public string? DocumentPassword { get; set; }

    /// <summary>One of <see cref="NetworkSettingValues"/>, or null for the API's default.</summary>
    public string? NetworkSettings { get; set; }

    /// <summary>The name the sandbox uses for file type detection; default: the uploaded file name.</summary>
    public string? SubmitName { get; set; }

    /// <summary>The sandbox clock's date, yyyy-MM-dd.</summary>
    public string? SystemDate { get; set; }

    /// <summary>The sandbox clock's time, HH:mm.</summary>
    public string? SystemTime { get; set; }

    /// <summary>Tags to attach to the submission.</summary>
    public IList<string> UserTags => _userTags;

    /// <summary>Ask the API to e-mail the submitter when the detonation ends; null leaves it to the API.</summary>
    public bool? SendEmailNotification { get; set; }

    /// <summary>
    /// The browser the sandbox opens a URL with (the 2026 schema's <c>sandbox.browser</c>). The API documents no list of
    /// values, so any non-empty name is sent as given; null leaves it to the API.
    /// </summary>
    public string? Browser { get; set; }

    /// <summary>Ask for an interactive detonation (the 2026 schema's <c>sandbox.interactivity</c>); null leaves it to the API.</summary>
    public bool? Interactivity { get; set; }

    /// <summary>
    /// Let the sandbox pick the environment from the file (the 2026 schema's <c>auto_detect_environment</c>, beside
    /// <c>sandbox</c>); null leaves it to the API. <see cref="EnvironmentId"/> is still sent, as the schema expects.
    /// </summary>
    public bool? AutoDetectEnvironment { get; set; }

    /// <summary>Longest browser name FalconX sends (the API documents none; this only catches pasted garbage).</summary>
    public const int MaxBrowserLength = 64;

    /// <summary>Null when <paramref name="browser"/> can be sent; otherwise what is wrong.</summary>
    public static string? CheckBrowser(string? browser)
    {
        if (browser is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(browser))
        {
            return "The browser name is empty; give a name such as the one the Falcon console offers, or leave it out.";
        }

        if (browser.Length > MaxBrowserLength || browser.Any(char.IsControl))
        {
            return $"The browser name '{browser}' is not a name: use at most {MaxBrowserLength} printable characters, or leave it out.";
        }

        return null;
    }

    /// <summary>Null when <paramref name="url"/> can be detonated; otherwise what is wrong with it.</summary>
    [SuppressMessage("Design", "CA1054:URI-like parameters should not be strings", Justification = "Checks text that may not be a URL, to say what is wrong with it.")]
    [SuppressMessage("Design", "CA1055:URI-like return values should not be strings", Justification = "Returns a problem message, not a URL.")]
    public static string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The URL is empty.";
        }

        if (!Uri.TryCreate(url!.Trim(), UriKind.Absolute, out var uri))
        {
            return $"'{url}' is not an absolute URL. Give it with its scheme, e.g. https://example.com/page.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeFtp)
        {
            return $"'{url}' uses the scheme '{uri.Scheme}'; the sandbox detonates http, https and ftp URLs only.";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return $"'{url}' names no host. Give a URL such as https://example.com/page.";
        }

        return null;
    }

    /// <summary>Null when <paramref name="date"/> is a real date written yyyy-MM-dd; otherwise what is wrong.</summary>
    public static string? CheckSystemDate(string? date) =>
        date is null || DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"The system date '{date}' must be a date written yyyy-MM-dd, e.g. 2024-05-31.";

    /// <summary>Null when <paramref name="time"/> is a real time written HH:mm (24-hour); otherwise what is wrong.</summary>
    public static string? CheckSystemTime(string? time) =>
        time is null || DateTime.TryParseExact(time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"The system time '{time}' must be a 24-hour time written HH:mm, e.g. 09:30 or 17:05.";

    /// <summary>Every problem with these parameters, in words a user can act on; empty when they can be sent.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        if (Sha256 is null == (Url is null))
        {
            problems.Add("Give either a SHA-256 of an uploaded sample or a URL, not both and not neither.");
        }

        if (Sha256 is not null && !FalconXIds.IsSha256(Sha256))
        {
            problems.Add($"'{Sha256}' is not a SHA-256: it must be 64 hexadecimal characters.");
        }

        if (Url is not null && CheckUrl(Url) is string urlProblem)
        {
            problems.Add(urlProblem);
        }

        if (EnvironmentId <= 0)
        {
            problems.Add($"The environment id {EnvironmentId} is not valid; Get-FalconXEnvironment lists the known ones.");
        }

        if (ActionScript is not null && !ActionScripts.Contains(ActionScript, StringComparer.Ordinal))
        {
            problems.Add($"The action script '{ActionScript}' is not one of {string.Join(", ", ActionScripts)}.");
        }

        if (NetworkSettings is not null && !NetworkSettingValues.Contains(NetworkSettings, StringComparer.Ordinal))
        {
            problems.Add($"The network setting '{NetworkSettings}' is not one of {string.Join(", ", NetworkSettingValues)}.");
        }

        if (CommandLine is not null && CommandLine.Length > MaxCommandLineLength)
        {
            problems.Add($"The command line is {CommandLine.Length} characters long; the API accepts at most {MaxCommandLineLength}.");
        }

        if (DocumentPassword is not null && DocumentPassword.Length > MaxDocumentPasswordLength)
        {
            problems.Add($"The document password is {DocumentPassword.Length} characters long; the API accepts at most {MaxDocumentPasswordLength}.");
        }

        if (CheckSystemDate(SystemDate) is string dateProblem)
        {
            problems.Add(dateProblem);
        }

        if (CheckSystemTime(SystemTime) is string timeProblem)
        {
            problems.Add(timeProblem);
        }

        if (CheckBrowser(Browser) is string browserProblem)
        {
            problems.Add(browserProblem);
        }

        if (UserTags.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("A user tag is empty; give each tag some text.");
        }

        return problems;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, when there is one.</summary>
    public void Validate()
    {
        var problems = FindProblems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }

    /// <summary>A copy for one submission, so a caller may reuse and change its own object.</summary>
    public FalconXSubmitParameters Clone()
    {
        var copy = (FalconXSubmitParameters)MemberwiseClone();
        copy._userTags = new List<string>(_userTags);
        return copy;
    }
}
