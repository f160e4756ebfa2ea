using System;
using System.Text;

namespace FalconX.Models;

/// <summary>
/// Puts pretty-printed JSON back together when it arrives one line at a time (<c>Get-Content file.json</c> without
/// <c>-Raw</c>): once a line opens more brackets than it closes, lines are collected until the brackets balance.
/// A single linear scan, so large files cost no more than reading them; strings and escapes are respected.
/// </summary>
public sealed class JsonLineJoiner
{
    private StringBuilder? _text;
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _broken;

    /// <summary>True while an unfinished JSON text is being collected.</summary>
    public bool IsCollecting => _text is not null;

    /// <summary>Starts collecting when <paramref name="line"/> opens a JSON object or list it does not close.</summary>
    public bool TryStart(string line)
    {
        if (line is null)
        {
            throw new ArgumentNullException(nameof(line));
        }

        Reset();
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return false;
        }

        Scan(line);
        if (_broken || _depth <= 0)
        {
            Reset();
            return false;
        }

        _text = new StringBuilder(line);
        return true;
    }

    /// <summary>Adds the next line; returns the whole text once its brackets balance (or cannot), else null.</summary>
    public string? Add(string line)
    {
        if (line is null)
        {
            throw new ArgumentNullException(nameof(line));
        }

        _text!.Append('\n').Append(line);
        Scan(line);
        return _broken || _depth <= 0 ? Drain() : null;
    }

    /// <summary>Whatever was collected, complete or not; collecting stops.</summary>
    public string? Drain()
    {
        var text = _text?.ToString();
        Reset();
        return text;
    }

    private void Reset()
    {
        _text = null;
        _depth = 0;
        _inString = false;
        _escaped = false;
        _broken = false;
    }

    private void Scan(string line)
    {
        foreach (var c in line)
        {
            if (_inString)
            {
                if (_escaped)
                {
                    _escaped = false;
                }
                else if (c == '\\')
                {
                    _escaped = true;
                }
                else if (c == '"')
                {
                    _inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    _inString = true;
                    break;
                case '{':
                case '[':
                    _depth++;
                    break;
                case '}':
                case ']':
                    if (--_depth < 0)
                    {
                        _broken = true;
                    }

                    break;
            }
        }

        // A JSON string cannot span lines: an unterminated one means the text is not JSON.
        if (_inString)
        {
            _broken = true;
        }
    }
}
