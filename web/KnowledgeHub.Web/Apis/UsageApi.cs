using KnowledgeHub.Orchestration.Conversations;
using KnowledgeHub.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis;

/// <param name="Collection">Null for questions asked over all collections.</param>
public sealed record CollectionUsageDto(string? Collection, int Answers, long PromptTokens, long CompletionTokens, double RetrievalMs, double GenerationMs);

public sealed record UsageDto(IReadOnlyList<CollectionUsageDto> Collections);

/// <summary>Answer usage totals per collection: the tenant's stored conversation turns plus those retention deleted.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/usage", GetAsync).WithTags("Usage").RequireAuthorization(AccessPolicies.Read);
        return app;
    }

    private static async Task<Ok<UsageDto>> GetAsync(HttpContext context, IConversationStore store, string? collection, CancellationToken cancellationToken)
    {
        var only = string.IsNullOrWhiteSpace(collection) ? null : collection;
        var rows = await store.GetUsageAsync(Tenants.Current(context), only, cancellationToken);
        List<CollectionUsageDto> result = [.. rows.Select(u => new CollectionUsageDto(u.Collection, u.Answers, u.PromptTokens, u.CompletionTokens, Math.Round(u.RetrievalMs, 3), Math.Round(u.GenerationMs, 3)))];

        // A collection asked for by name is always reported, with zeros when nothing was asked in it yet.
        if (only is not null && result.Count == 0)
        {
            result.Add(new CollectionUsageDto(only, 0, 0, 0, 0, 0));
        }

        return TypedResults.Ok(new UsageDto(result));
    }
}
