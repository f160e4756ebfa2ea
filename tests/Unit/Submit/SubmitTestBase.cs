using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using FalconX.Client;
using FalconX.Models;
using FalconX.Tests.Client;
using FalconX.Tests.Emulator;

namespace FalconX.Tests.Submit;

/// <summary>Temporary sample files and quick submissions against the in-process emulator.</summary>
public abstract class SubmitTestBase : ClientTestBase
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "falconx-submit-" + Guid.NewGuid().ToString("N"));

    protected SubmitTestBase(SharedEmulator? shared = null)
        : base(shared) => Directory.CreateDirectory(_directory);

    protected string TempDirectory => _directory;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a cancelled upload; the OS temp cleaner takes it.
        }
    }

    /// <summary>Writes a file whose content is unique to this test (so dedupe never hits by accident) plus an optional verdict marker.</summary>
    protected string WriteSample(string name, string? marker = null, int size = 4096)
    {
        var path = Path.Combine(_directory, name);
        var text = new StringBuilder(Guid.NewGuid().ToString("N"));
        if (marker is not null)
        {
            text.Append(' ').Append(marker).Append(' ');
        }

        while (text.Length < size)
        {
            text.Append('x');
        }

        File.WriteAllText(path, text.ToString(0, Math.Max(size, text.Length)));
        return path;
    }

    protected static string Sha256Of(string path)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(sha.ComputeHash(stream)).ToLowerInvariant();
    }

    /// <summary>Uploads and submits; returns the new submission.</summary>
    internal static async Task<FalconXSubmission> UploadAndSubmitAsync(FalconXClient client, string path, int environmentId = 160)
    {
        var sample = await client.UploadSampleAsync(path);
        return await client.SubmitAsync(new FalconXSubmitParameters { Sha256 = sample.Sha256, EnvironmentId = environmentId });
    }

    protected int StatusRequests() => RequestsTo("GET", "/falconx/entities/submissions/v1").Count;

    protected static IReadOnlyList<string> IdsIn(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith("ids=", StringComparison.Ordinal))
            .SelectMany(p => Uri.UnescapeDataString(p.AsSpan(4)).Split(','))
            .ToList();
}
