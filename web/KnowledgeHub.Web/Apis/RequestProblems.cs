using KnowledgeHub.Ingestion.Documents;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeHub.Web.Apis.OpenAI;
using KnowledgeHub.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeHub.Web.Apis;

/// <summary>
/// Problem answers for requests the framework could not bind (malformed JSON, a wrong type, a bad enum or date, a
/// query value that does not parse) or whose body is over its limit. Each names the field, or the limit in bytes.
/// </summary>
internal static partial class RequestProblems
{
    public const string InvalidBodyTitle = "Invalid request body";

    private const int MaxShownValue = 100;

    private const string JsonExpected = "Send the body as JSON (Content-Type: application/json).";

    public static ProblemDetails TooLarge(HttpContext context)
    {
        var limit = RequestLimits.For(context);
        var upload = limit.Kind == BodyLimitKind.Upload;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = upload ? "Upload too large" : "Request body too large",
            Detail = upload
                ? $"The upload is larger than the limit of {limit.StatedBytes} bytes ({limit.Setting})."
                : $"The request body is larger than the limit of {limit.StatedBytes} bytes for this endpoint ({limit.Setting}).",
        };
        problem.Extensions["limitBytes"] = limit.StatedBytes;
        return problem;
    }

    public static ProblemDetails FromBadRequest(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(context);
        }

        if (exception.InnerException is JsonException json)
        {
            return FromJson(json);
        }

        if (FailedToBind().Match(exception.Message) is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            return Invalid("Invalid request", name, $"'{name}' must be {ExpectedParameter(failed.Groups["type"].Value)}; got \"{Shown(failed.Groups["value"].Value)}\".");
        }

        if (Required().Match(exception.Message) is { Success: true } required)
        {
            var name = required.Groups["name"].Value;
            return Invalid("Invalid request", name, $"'{name}' is required.");
        }

        return exception.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? new ProblemDetails { Status = exception.StatusCode, Title = "Unsupported media type", Detail = JsonExpected }
            : new ProblemDetails { Status = exception.StatusCode, Title = "Invalid request", Detail = exception.Message };
    }

    /// <summary>The field of a JSON error as a client names it: "top", "messages[0].role"; "body" for the whole body.</summary>
    public static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    public static ProblemDetails FromJson(JsonException json)
    {
        var field = FieldOf(json.Path);
        if (ConversionFailed().Match(json.Message) is { Success: true } conversion)
        {
            var detail = field == "body"
                ? $"The request body must be {Expected(conversion.Groups["type"].Value, null)}."
                : $"'{field}' must be {Expected(conversion.Groups["type"].Value, field)}.";
            return Invalid(InvalidBodyTitle, field, detail);
        }

        // A syntax error: the reader's own words, without the location it appends (given here in the client's terms).
        var reason = json.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal) is var p and >= 0 ? p : reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        reason = (cut >= 0 ? reason[..cut] : reason).TrimEnd('.', ' ');
        var at = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : string.Empty;
        return Invalid(InvalidBodyTitle, field, $"The request body is not valid JSON at '{field}'{at}: {reason}.");
    }

    public static HttpValidationProblemDetails Invalid(string title, string field, string detail) =>
        new(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Detail = detail,
        };

    /// <summary>
    /// Fills in what a bare status answer lacks (a 413 from the server's own limit says which limit), and gives the
    /// OpenAI surface's client errors OpenAI's error object, which its client libraries show.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Detail is null && status == StatusCodes.Status413PayloadTooLarge)
        {
            var tooLarge = TooLarge(context.HttpContext);
            problem.Title = tooLarge.Title;
            problem.Detail = tooLarge.Detail;
            problem.Extensions["limitBytes"] = tooLarge.Extensions["limitBytes"];
        }
        else if (problem.Detail is null && status == StatusCodes.Status400BadRequest)
        {
            problem.Detail = "The request could not be read.";
        }
        else if (problem.Detail is null && status == StatusCodes.Status415UnsupportedMediaType)
        {
            problem.Detail = JsonExpected;
        }

        if (context.HttpContext.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && status is 400 or 413 or 415 && !problem.Extensions.ContainsKey("error"))
        {
            var param = (problem as HttpValidationProblemDetails)?.Errors.Keys.FirstOrDefault();
            problem.Extensions["error"] = OpenAIErrors.ErrorObject(problem.Detail ?? problem.Title ?? "Invalid request", OpenAIErrors.InvalidRequest, param);
        }
    }

    /// <param name="typeName">The type the reader named; for some failures (an enum in a record) the object holding the field.</param>
    private static string Expected(string typeName, string? field)
    {
        var type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is null && NullableOf().Match(typeName) is { Success: true } nullable)
        {
            type = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(nullable.Groups["inner"].Value, throwOnError: false)).FirstOrDefault(t => t is not null);
        }

        if (type is null)
        {
            return "a value of type " + typeName;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var name = field?[(field.LastIndexOf('.') + 1)..];
        if (name is not null && !IsValue(type) && type.GetProperties().FirstOrDefault(p => JsonNameOf(p) == name) is { } property)
        {
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        return Describe(type);
    }

    private static bool IsValue(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset) || type == typeof(DateTime);

    private static string JsonNameOf(System.Reflection.PropertyInfo property) =>
        property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), inherit: true) is [System.Text.Json.Serialization.JsonPropertyNameAttribute named, ..]
            ? named.Name
            : JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string Describe(Type type)
    {
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"'{JsonNamingPolicy.CamelCase.ConvertName(n)}'"));
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return "a whole number (within the range the field takes)";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time in ISO 8601 form, e.g. \"2026-11-01T00:00:00Z\"";
        }

        return typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array" : "a JSON object";
    }

    /// <summary>The type as the framework names a route or query parameter's type ("int?", "Nullable&lt;DateTimeOffset&gt;").</summary>
    private static string ExpectedParameter(string type) => type switch
    {
        _ when type.Contains("DateTime", StringComparison.Ordinal) => "a date and time in ISO 8601 form, e.g. \"2026-11-01T00:00:00Z\"",
        _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number",
        _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
        _ when type.Contains("double", StringComparison.OrdinalIgnoreCase) || type.Contains("decimal", StringComparison.OrdinalIgnoreCase) => "a number",
        _ => "a valid value",
    };

    private static string Shown(string value) =>
        LogText.Escape(value.Length > MaxShownValue ? value[..MaxShownValue] + "..." : value);

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex Required();

    [GeneratedRegex("^The JSON value could not be converted to (?<type>.+?)\\. Path:", RegexOptions.Singleline)]
    private static partial Regex ConversionFailed();

    [GeneratedRegex("^System\\.Nullable`1\\[(?<inner>.+)\\]$")]
    private static partial Regex NullableOf();
}
