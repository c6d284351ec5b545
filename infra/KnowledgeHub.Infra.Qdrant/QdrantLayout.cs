using System.Globalization;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>
/// What a collection must hold for the adapter to search it as it searches its own: checked at start-up against
/// collections made by hand (supported) or by an older KnowledgeHub, so a missing piece is named instead of
/// surfacing later as empty keyword results or slow unindexed filters.
/// </summary>
internal static class QdrantLayout
{
    /// <summary>Each missing or different piece, in words; empty when the collection is usable.</summary>
    public static IReadOnlyList<string> Problems(CollectionInfo? info, int dimensions)
    {
        var problems = new List<string>();
        var config = info?.Config?.Params;
        if (config?.VectorsConfig?.ParamsMap?.Map.TryGetValue(QdrantRequests.DenseVector, out var dense) != true || dense is null)
        {
            problems.Add($"no dense vector named '{QdrantRequests.DenseVector}'");
        }
        else
        {
            if (dense.Size != (ulong)dimensions)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"dense vector '{QdrantRequests.DenseVector}' holds {dense.Size} dimensions, the encoder makes {dimensions}"));
            }

            if (dense.Distance != Distance.Cosine)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"dense vector '{QdrantRequests.DenseVector}' compares by {dense.Distance}, not Cosine"));
            }
        }

        foreach (var name in new[] { QdrantRequests.SparseVector, QdrantRequests.HeadingVector })
        {
            if (config?.SparseVectorsConfig?.Map.TryGetValue(name, out var sparse) != true || sparse is null)
            {
                problems.Add($"no sparse vector named '{name}'");
            }
            else if (sparse.Modifier != Modifier.Idf)
            {
                problems.Add($"sparse vector '{name}' lacks the IDF modifier");
            }
        }

        var schema = info?.PayloadSchema;
        foreach (var (fields, type) in new[] { (QdrantRequests.KeywordFields, PayloadSchemaType.Keyword), (QdrantRequests.IntegerFields, PayloadSchemaType.Integer) })
        {
            foreach (var field in fields)
            {
                if (schema is null || !schema.TryGetValue(field, out var index))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"no {type.ToString().ToLowerInvariant()} payload index on '{field}'"));
                }
                else if (index.DataType != type)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"payload index on '{field}' is {index.DataType}, not {type}"));
                }
            }
        }

        return problems;
    }
}
