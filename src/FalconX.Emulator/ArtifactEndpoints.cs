using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace FalconX.Emulator;

/// <summary>GET /falconx/entities/artifacts/v1 and the three memory-dump routes: the files a finished report names.</summary>
internal sealed class ArtifactEndpoints
{
    private readonly EmulatorState _state;

    public ArtifactEndpoints(EmulatorState state) => _state = state;

    public void Map(RouteTable routes)
    {
        routes.Map("GET", "/falconx/entities/artifacts/v1", r => Task.FromResult(Serve(r, kindFilter: null)));
        routes.Map("GET", "/falconx/entities/memory-dump/v1", r => Task.FromResult(Serve(r, ArtifactKind.MemoryDumpBinary)));
        routes.Map("GET", "/falconx/entities/memory-dump/hex-dump/v1", r => Task.FromResult(Serve(r, ArtifactKind.MemoryDumpHex)));
        routes.Map("GET", "/falconx/entities/memory-dump/extracted-strings/v1", r => Task.FromResult(Serve(r, ArtifactKind.MemoryDumpStrings)));
    }

    private ApiResponse Serve(ApiRequest request, ArtifactKind? kindFilter)
    {
        var id = request.Query("id");
        if (id is null)
        {
            return Envelope.Error(request, StatusCodes.Status400BadRequest, "id is required: pass an artifact id from a report as ?id=<id>.", Envelope.PoweredByFalconX);
        }

        if (_state.Submissions.TryFindArtifact(id, request.ReceivedAt, out var submission, out var kind, out var index)
            && (kindFilter is null || kind == kindFilter))
        {
            var artifact = ArtifactFactory.Create(submission, kind, index);
            var fileName = Sanitize(request.Query("name")) ?? $"{id.ToLowerInvariant()}.{artifact.Extension}";
            var body = artifact.Content;
            var gzip = AcceptsGzip(request.Http);
            if (gzip)
            {
                body = Gzip(body);
            }

            var response = ApiResponse.Bytes(StatusCodes.Status200OK, artifact.ContentType, body)
                .With("Content-Disposition", $"attachment; filename=\"{fileName}\"");
            if (gzip)
            {
                response.With("Content-Encoding", "gzip");
            }

            return response;
        }

        return Envelope.Error(request, StatusCodes.Status404NotFound, $"artifact {id} not found.", Envelope.PoweredByFalconX);
    }

    private static bool AcceptsGzip(HttpContext http)
    {
        foreach (var part in http.Request.Headers.AcceptEncoding.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (string.Equals(pieces[0], "gzip", StringComparison.OrdinalIgnoreCase)
                && !pieces.Skip(1).Any(p => p.Replace(" ", string.Empty, StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>The caller's file name without path separators or quotes, so the header cannot be broken.</summary>
    private static string? Sanitize(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var clean = new string(name.Where(c => c is not ('"' or '\\' or '/' or '\r' or '\n') && !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean;
    }
}
