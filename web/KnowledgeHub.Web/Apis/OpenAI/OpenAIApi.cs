using KnowledgeHub.Web.Access;

namespace KnowledgeHub.Web.Apis.OpenAI;

public static class OpenAIApi
{
    /// <summary>The OpenAI-compatible surface under /v1, as one group so that the host can require a key for all of it.</summary>
    public static RouteGroupBuilder MapOpenAIApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1").WithTags("OpenAI-compatible").RequireAuthorization(AccessPolicies.Ask).RequireRateLimiting(RateLimits.Ask)
            .MapOpenAIChatApi().MapOpenAIModelsApi();
}
