using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FalconX.Emulator;

/// <summary>
/// The part of the Falcon Query Language that Falcon X clients use: <c>field:'value'</c>, <c>field:value</c>,
/// <c>field:!'value'</c>, <c>field:['a','b']</c>, comparisons on <c>created_timestamp</c> (<c>:&gt;</c>, <c>:&gt;=</c>,
/// <c>:&lt;</c>, <c>:&lt;=</c>), <c>*</c> wildcards in text, and terms joined with <c>+</c> (AND).
/// </summary>
internal sealed class Fql
{
    private static readonly HashSet<string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "cid", "state", "verdict", "origin", "created_timestamp", "user_tags",
        "sandbox.sha256", "sandbox.environment_id", "sandbox.submit_url", "sandbox.submit_url.raw", "sandbox.submit_name", "sandbox.verdict",
    };

    private readonly List<Term> _terms;

    private Fql(List<Term> terms) => _terms = terms;

    private sealed record Term(string Field, string Operator, IReadOnlyList<string> Values);

    /// <summary>Parses a filter; on failure returns null and a message that says what is wrong.</summary>
    public static Fql? Parse(string? filter, out string? error)
    {
        error = null;
        var terms = new List<Term>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return new Fql(terms);
        }

        foreach (var text in SplitTopLevel(filter))
        {
            if (HasTopLevelComma(text))
            {
                // The real API refuses an OR between terms with 400, not an empty 200.
                error = $"filter term '{text}' joins terms with ',' (OR), which is not supported; send one query per alternative, or list values as field:['a','b'].";
                return null;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"filter term '{text}' is not of the form field:'value'.";
                return null;
            }

            var field = text[..colon].Trim();
            if (!Fields.Contains(field))
            {
                error = $"filter field '{field}' is not supported; use one of: {string.Join(", ", Fields.Order(StringComparer.Ordinal))}.";
                return null;
            }

            var rest = text[(colon + 1)..].Trim();
            var op = rest.StartsWith(">=", StringComparison.Ordinal) || rest.StartsWith("<=", StringComparison.Ordinal) ? rest[..2]
                : rest.StartsWith('>') || rest.StartsWith('<') || rest.StartsWith('!') ? rest[..1]
                : "=";
            if (op != "=")
            {
                rest = rest[op.Length..].Trim();
            }

            if (op is ">" or ">=" or "<" or "<=" && !field.Equals("created_timestamp", StringComparison.OrdinalIgnoreCase))
            {
                error = $"comparison '{op}' is only supported on created_timestamp.";
                return null;
            }

            var values = new List<string>();
            if (rest.StartsWith('[') && rest.EndsWith(']'))
            {
                foreach (var item in SplitList(rest[1..^1]))
                {
                    values.Add(Unquote(item));
                }
            }
            else
            {
                values.Add(Unquote(rest));
            }

            if (values.Count == 0 || values.Any(v => v.Length == 0))
            {
                error = $"filter term '{text}' has an empty value.";
                return null;
            }

            if (op is ">" or ">=" or "<" or "<=" && !DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                error = $"'{values[0]}' is not a timestamp such as '2024-01-31T00:00:00Z'.";
                return null;
            }

            terms.Add(new Term(field.ToLowerInvariant(), op, values));
        }

        return new Fql(terms);
    }

    /// <summary>True when <paramref name="text"/> has a ',' outside quotes and brackets.</summary>
    private static bool HasTopLevelComma(string text)
    {
        char? quote = null;
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every term matches; <paramref name="valueOf"/> gives a record's values for a field.</summary>
    public bool Matches(Func<string, IEnumerable<string?>> valueOf)
    {
        foreach (var term in _terms)
        {
            var field = term.Field == "sandbox.submit_url.raw" ? "sandbox.submit_url" : term.Field == "sandbox.verdict" ? "verdict" : term.Field;
            var actual = valueOf(field).Where(v => v is not null).Select(v => v!).ToList();
            bool matched;
            if (term.Operator is ">" or ">=" or "<" or "<=")
            {
                var limit = DateTimeOffset.Parse(term.Values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                matched = actual.Any(a => DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && term.Operator switch
                {
                    ">" => at > limit,
                    ">=" => at >= limit,
                    "<" => at < limit,
                    _ => at <= limit,
                });
            }
            else
            {
                matched = actual.Any(a => term.Values.Any(v => Like(a, v)));
                if (term.Operator == "!")
                {
                    matched = !matched;
                }
            }

            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Like(string actual, string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return string.Equals(actual, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var regex = "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(actual, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Splits on '+' outside quotes and brackets. A '+' that was not percent-encoded arrives as a space, so unquoted
    /// whitespace between terms separates them too.
    /// </summary>
    private static IEnumerable<string> SplitTopLevel(string filter)
    {
        var current = new StringBuilder();
        char quote = '\0';
        var depth = 0;
        foreach (var c in filter)
        {
            if (quote != '\0')
            {
                current.Append(c);
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    current.Append(c);
                    break;
                case '[':
                    depth++;
                    current.Append(c);
                    break;
                case ']':
                    depth--;
                    current.Append(c);
                    break;
                case '+' or ' ' when depth == 0:
                    if (current.ToString().Trim().Length > 0)
                    {
                        yield return current.ToString().Trim();
                    }

                    current.Clear();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (current.ToString().Trim().Length > 0)
        {
            yield return current.ToString().Trim();
        }
    }

    private static IEnumerable<string> SplitList(string list)
    {
        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in list)
        {
            if (quote != '\0')
            {
                current.Append(c);
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                current.Append(c);
            }
            else if (c == ',')
            {
                yield return current.ToString().Trim();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        yield return current.ToString().Trim();
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0] ? value[1..^1] : value;
    }
}
