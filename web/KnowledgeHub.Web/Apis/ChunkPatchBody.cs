using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// The body of <c>PATCH /api/chunks/{id}</c>: <c>text</c> (the corrected text), <c>excluded</c> (true or false), or
/// both. Read by hand rather than bound, so that an unknown field or a wrong type is named in the 400 instead of being
/// silently dropped (a typo such as <c>"exclude": true</c> must not look like success).
/// </summary>
public sealed record ChunkPatchBody(string? Text = null, bool? Excluded = null)
{
    public static async Task<(ChunkPatchBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Expected JSON", "Send the change as application/json: {\"text\": \"...\"} or {\"excluded\": true}."));
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid("body", $"The body is not valid JSON: {ex.Message}", "Malformed JSON"));
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Invalid("body", "The body must be a JSON object with 'text' and/or 'excluded'."));
            }

            string? text = null;
            bool? excluded = null;
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "text", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        return (null, Problems.Invalid("text", "'text' must be a string."));
                    }

                    text = property.Value.GetString();
                }
                else if (string.Equals(property.Name, "excluded", StringComparison.OrdinalIgnoreCase))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        return (null, Problems.Invalid("excluded", "'excluded' must be true or false."));
                    }

                    excluded = property.Value.GetBoolean();
                }
                else
                {
                    var name = property.Name.Length > 100 ? property.Name[..100] + "..." : property.Name;
                    return (null, Problems.Invalid(name, $"Unknown field '{name}': a chunk takes only 'text' and 'excluded'."));
                }
            }

            return text is null && excluded is null
                ? (null, Problems.Invalid("body", "The body must set 'text' (the corrected text) and/or 'excluded' (true or false)."))
                : (new ChunkPatchBody(text, excluded), null);
        }
    }
}
