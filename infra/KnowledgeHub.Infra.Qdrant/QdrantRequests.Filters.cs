using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;
using Qdrant.Client.Grpc;
using Range = Qdrant.Client.Grpc.Range;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>The filters every request carries: tenant, collection, documents, tags, access groups, metadata.</summary>
internal static partial class QdrantRequests
{
    /// <summary>
    /// Tenant AND collection AND any of the document ids AND any of the tags AND the reader's access (no access groups, or
    /// one of the reader's) AND the creation range, each when set.
    /// Range bounds travel as doubles: creation ticks compare exactly to within 12.8 µs.
    /// </summary>
    public static Filter Filter(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = new Filter { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, filter.Tenant) } };
        if (filter.Collection is not null)
        {
            result.Must.Add(Conditions.MatchKeyword(QdrantPayload.Collection, filter.Collection));
        }

        if (filter.DocumentIds is not null)
        {
            result.Must.Add(Conditions.Match(QdrantPayload.DocumentId, (IReadOnlyList<string>)[.. filter.DocumentIds.Distinct(StringComparer.Ordinal)]));
        }

        if (filter.Tags is not null)
        {
            result.Must.Add(Conditions.Match(QdrantPayload.Tags, (IReadOnlyList<string>)[.. filter.Tags.Distinct(StringComparer.Ordinal)]));
        }

        if (filter.AccessGroups is not null)
        {
            result.Must.Add(Readable(filter.AccessGroups));
        }

        foreach (var condition in filter.Metadata ?? [])
        {
            result.Must.Add(MetadataCondition(condition));
        }

        if (filter.CreatedFrom is not null || filter.CreatedBefore is not null)
        {
            var range = new Range();
            if (filter.CreatedFrom is { } from)
            {
                range.Gte = from.UtcTicks;
            }

            if (filter.CreatedBefore is { } before)
            {
                range.Lt = before.UtcTicks;
            }

            result.Must.Add(Conditions.Range(QdrantPayload.Created, range));
        }

        return result;
    }

    /// <summary>One metadata condition on <c>metadata.&lt;key&gt;</c>: a keyword or boolean match, or a range (dates as UTC ticks).</summary>
    private static Condition MetadataCondition(Retrieval.Metadata.MetadataCondition condition)
    {
        var key = QdrantPayload.MetadataKey(condition.Key);
        if (condition.Operator == MetadataOperator.Any)
        {
            return Conditions.Match(key, (IReadOnlyList<string>)[.. (condition.Any ?? []).Distinct(StringComparer.Ordinal)]);
        }

        var value = condition.Value!;
        if (condition.Type is MetadataType.Text or MetadataType.TextList)
        {
            return Conditions.MatchKeyword(key, value.Text!);
        }

        if (condition.Type == MetadataType.Boolean)
        {
            return Conditions.Match(key, value.Flag);
        }

        var bound = condition.Type == MetadataType.Date ? value.Date.UtcTicks : value.Number;
        var range = new Range();
        switch (condition.Operator)
        {
            case MetadataOperator.Equal:
                range.Gte = bound;
                range.Lte = bound;
                break;
            case MetadataOperator.GreaterOrEqual:
                range.Gte = bound;
                break;
            case MetadataOperator.Greater:
                range.Gt = bound;
                break;
            case MetadataOperator.LessOrEqual:
                range.Lte = bound;
                break;
            default:
                range.Lt = bound;
                break;
        }

        return Conditions.Range(key, range);
    }

    /// <summary>The payload index a filtered metadata key needs: keyword for strings and arrays, float, bool, or integer (date ticks).</summary>
    public static CreateFieldIndexCollection MetadataIndex(string collection, string key, MetadataType type) => new()
    {
        CollectionName = collection,
        FieldName = QdrantPayload.MetadataKey(key),
        FieldType = type switch
        {
            MetadataType.Text or MetadataType.TextList => FieldType.Keyword,
            MetadataType.Number => FieldType.Float,
            MetadataType.Boolean => FieldType.Bool,
            _ => FieldType.Integer,
        },
        Wait = true,
    };

    /// <summary>
    /// Points without access groups (absent or empty, which also covers points written before groups existed), or with
    /// one of the reader's groups.
    /// </summary>
    private static Condition Readable(IReadOnlyList<string> groups)
    {
        var readable = new Filter { Should = { Conditions.IsEmpty(QdrantPayload.AccessGroups) } };
        if (groups.Count > 0)
        {
            readable.Should.Add(Conditions.Match(QdrantPayload.AccessGroups, (IReadOnlyList<string>)[.. groups.Distinct(StringComparer.Ordinal)]));
        }

        return Conditions.Filter(readable);
    }

    private static Filter TenantOnly(string tenant) => new() { Must = { Conditions.MatchKeyword(QdrantPayload.Tenant, tenant) } };

    private static Filter TenantChunk(string tenant, string chunkId) => new()
    {
        Must =
        {
            Conditions.MatchKeyword(QdrantPayload.Tenant, tenant),
            Conditions.HasId(ChunkId.ToUuid(chunkId)),
        },
    };

    private static Filter Document(string tenant, string documentId) => new()
    {
        Must =
        {
            Conditions.MatchKeyword(QdrantPayload.Tenant, tenant),
            Conditions.MatchKeyword(QdrantPayload.DocumentId, documentId),
        },
    };
}
