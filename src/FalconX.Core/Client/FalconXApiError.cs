namespace FalconX.Client;

/// <summary>One entry of the API's <c>errors[]</c>.</summary>
public sealed class FalconXApiError
{
    /// <summary>Creates an error entry.</summary>
    public FalconXApiError(int code, string message, string? id = null)
    {
        Code = code;
        Message = message ?? string.Empty;
        Id = id;
    }

    /// <summary>The API's error code (usually the HTTP status).</summary>
    public int Code { get; }

    /// <summary>The API's message.</summary>
    public string Message { get; }

    /// <summary>The id the API sometimes attaches (e.g. the object the error is about).</summary>
    public string? Id { get; }

    /// <inheritdoc />
    public override string ToString() => Id is null ? $"[{Code}] {Message}" : $"[{Code}] {Message} ({Id})";
}
