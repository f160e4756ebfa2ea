using System;
using System.Globalization;
using System.Threading;

namespace FalconX;

/// <summary>The one way FalconX writes a wait or a timeout in messages: "250 ms", "2.5 s", "3 min", "no limit".</summary>
internal static class DurationText
{
    public static string Format(TimeSpan span)
    {
        if (span == Timeout.InfiniteTimeSpan)
        {
            return "no limit";
        }

        if (span.TotalSeconds < 1)
        {
            return ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        return span.TotalSeconds < 120
            ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";
    }
}
