using System;
using FalconX.Client;

namespace FalconX.Workflows;

/// <summary>What became of one <see cref="ArtifactSaveRequest"/> given to <see cref="ArtifactSaver.SaveAsync"/>: the file saved, or why not.</summary>
public sealed class ArtifactSaveOutcome
{
    internal ArtifactSaveOutcome(int index, ArtifactSaveRequest request, SavedArtifact? saved, Exception? error)
    {
        Index = index;
        Request = request;
        Saved = saved;
        Error = error;
    }

    /// <summary>The request's place in the list given to <see cref="ArtifactSaver.SaveAsync"/>.</summary>
    public int Index { get; }

    /// <summary>The request.</summary>
    public ArtifactSaveRequest Request { get; }

    /// <summary>The file saved (or found already there with the same content), or null on failure.</summary>
    public SavedArtifact? Saved { get; }

    /// <summary>
    /// Why it was not saved: an <see cref="ArtifactFileExistsException"/>, a <see cref="FalconXApiException"/> (e.g.
    /// <see cref="FalconXErrorKind.NotFound"/> for an unknown id), an <see cref="ArgumentException"/> or an I/O error.
    /// </summary>
    public Exception? Error { get; }
}
