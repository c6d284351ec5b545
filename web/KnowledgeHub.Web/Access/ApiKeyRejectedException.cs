namespace KnowledgeHub.Web.Access;

/// <summary>Why a request's credentials were refused, worded for the client; carried from authentication to the 401 it answers.</summary>
public sealed class ApiKeyRejectedException(string title, string detail, string? bearerError) : Exception(detail)
{
    public string Title { get; } = title;

    /// <summary>The RFC 6750 error code for WWW-Authenticate (invalid_request, invalid_token); null when no credentials came.</summary>
    public string? BearerError { get; } = bearerError;

    public static ApiKeyRejectedException Missing() => new(
        "API key required",
        "Send an API key in the Authorization header: 'Authorization: Bearer <key>'.",
        null);

    public static ApiKeyRejectedException Malformed() => new(
        "Malformed Authorization header",
        "The Authorization header must be 'Bearer <key>', with one key of up to 512 characters and no spaces in it.",
        "invalid_request");

    // One answer for an unknown id, a wrong secret and a revoked key: the client learns nothing about which keys exist.
    public static ApiKeyRejectedException Invalid() => new(
        "Invalid API key",
        "The API key is not valid: it is unknown, revoked or mistyped. Ask an admin of your tenant for a key.",
        "invalid_token");
}
