using System;
using System.IO;

namespace FalconX.Client;

/// <summary>
/// Compares two files byte for byte, streaming both (artifacts can be large memory dumps): the test a re-run of
/// Save-FalconXArtifact uses to tell "the same file is already there" from "another file has that name".
/// </summary>
public static class ArtifactFileComparer
{
    private const int BufferSize = 81920;

    /// <summary>True when both files exist and hold exactly the same bytes.</summary>
    public static bool SameContent(string first, string second)
    {
        if (first is null)
        {
            throw new ArgumentNullException(nameof(first));
        }

        if (second is null)
        {
            throw new ArgumentNullException(nameof(second));
        }

        var a = new FileInfo(first);
        var b = new FileInfo(second);
        if (!a.Exists || !b.Exists || a.Length != b.Length)
        {
            return false;
        }

        using var left = new FileStream(first, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize);
        using var right = new FileStream(second, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BufferSize);
        var leftBuffer = new byte[BufferSize];
        var rightBuffer = new byte[BufferSize];
        while (true)
        {
            var read = Fill(left, leftBuffer);
            if (read != Fill(right, rightBuffer))
            {
                return false;
            }

            if (read == 0)
            {
                return true;
            }

            for (var i = 0; i < read; i++)
            {
                if (leftBuffer[i] != rightBuffer[i])
                {
                    return false;
                }
            }
        }
    }

    private static int Fill(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
