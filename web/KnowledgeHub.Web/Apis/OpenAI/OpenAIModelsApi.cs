using KnowledgeHub.Ingestion.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeHub.Web.Apis.OpenAI;

/// <summary>GET /v1/models and /v1/models/{id}: the caller's tenant's collections as OpenAI models (<see cref="ChatModels"/>).</summary>
public static class OpenAIModelsApi
{
    public static RouteGroupBuilder MapOpenAIModelsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/models", ListAsync).WithSummary("The models: 'knowledgehub' (every collection) and 'knowledgehub/<collection>' per collection");

        // A catch-all, because model names contain a slash; clients may send it escaped as %2F.
        group.MapGet("/models/{**id}", GetAsync).WithSummary("One model").ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Ok<ModelList>> ListAsync(HttpContext context, IDocumentStore store) =>
        TypedResults.Ok(new ModelList(await ChatModels.ListAsync(store, Tenants.Current(context), Access.Readers.Groups(context), context.RequestAborted)));

    private static async Task<Results<Ok<ModelCard>, ProblemHttpResult>> GetAsync(HttpContext context, IDocumentStore store, string id)
    {
        var name = Uri.UnescapeDataString(id);
        var model = await ChatModels.FindAsync(store, Tenants.Current(context), Access.Readers.Groups(context), name, context.RequestAborted);
        return model is null ? OpenAIErrors.ModelNotFound(name) : TypedResults.Ok(model);
    }
}
