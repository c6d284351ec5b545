using KnowledgeHub.Retrieval.Analysis;
using KnowledgeHub.Retrieval.Metadata;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>
/// Builds Lucene queries from user text without QueryParser, so no user input is query syntax.
/// The scoring query is a bag of words (Anserini's BM25 query: one SHOULD clause per distinct term,
/// boosted by its count); the filter is exact and never touches scores.
/// </summary>
internal static class KeywordQuery
{
    /// <summary>Heading matches count, but less than body matches.</summary>
    public const float HeadingWeight = 0.5f;

    // Two clauses per term must stay under Lucene's default limit of 1024 clauses per BooleanQuery.
    private const int MaxTerms = 500;
    private const int MaxClausesPerGroup = 1000;

    /// <summary>The BM25 query for the text, or null when analysis leaves no terms (nothing can match).</summary>
    public static Query? For(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in TextAnalyzers.Analyze(text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        if (counts.Count == 0)
        {
            return null;
        }

        return For(counts.ToDictionary(p => p.Key, p => (float)p.Value, StringComparer.Ordinal));
    }

    /// <summary>The BM25 query for analysed terms, each boosted by its weight; null when no term has a positive weight.</summary>
    public static Query? For(IReadOnlyDictionary<string, float> weights)
    {
        var query = new BooleanQuery();
        foreach (var (term, weight) in weights.Where(p => p.Value > 0).OrderByDescending(p => p.Value).Take(MaxTerms))
        {
            query.Add(new TermQuery(new Term(ChunkFields.Text, term)) { Boost = weight }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(ChunkFields.Heading, term)) { Boost = weight * HeadingWeight }, Occur.SHOULD);
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    public static Filter FilterFor(SearchFilter filter) => new QueryWrapperFilter(Matching(filter));

    /// <summary>Every chunk that passes the filter; an empty document id list matches nothing.</summary>
    public static Query Matching(SearchFilter filter)
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(ChunkFields.Tenant, filter.Tenant)), Occur.MUST },
        };
        if (filter.Collection is not null)
        {
            query.Add(new TermQuery(new Term(ChunkFields.Collection, filter.Collection)), Occur.MUST);
        }

        if (filter.DocumentIds is not null)
        {
            query.Add(AnyOf(ChunkFields.DocumentId, filter.DocumentIds), Occur.MUST);
        }

        if (filter.Tags is not null)
        {
            query.Add(AnyOf(ChunkFields.Tags, filter.Tags), Occur.MUST);
        }

        if (filter.AccessGroups is not null)
        {
            query.Add(Readable(filter.AccessGroups), Occur.MUST);
        }

        foreach (var condition in filter.Metadata ?? [])
        {
            query.Add(MetadataQuery(condition), Occur.MUST);
        }

        if (filter.CreatedFrom is not null || filter.CreatedBefore is not null)
        {
            query.Add(NumericRangeQuery.NewInt64Range(ChunkFields.Created, filter.CreatedFrom?.UtcTicks, filter.CreatedBefore?.UtcTicks, true, false), Occur.MUST);
        }

        return query;
    }

    /// <summary>One metadata condition as an exact term, terms or numeric range query on the key's field.</summary>
    private static Query MetadataQuery(MetadataCondition condition)
    {
        var field = ChunkFields.MetadataPrefix + condition.Key;
        if (condition.Operator == MetadataOperator.Any)
        {
            return condition.Any is { Count: > 0 } any ? AnyOf(field, any) : new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST_NOT } };
        }

        var value = condition.Value!;
        switch (condition.Type)
        {
            case MetadataType.Text or MetadataType.TextList:
                return new TermQuery(new Term(field, value.Text));
            case MetadataType.Boolean:
                return new TermQuery(new Term(field, value.Flag ? "true" : "false"));
            case MetadataType.Number:
                var number = value.Number;
                return condition.Operator switch
                {
                    MetadataOperator.Equal => NumericRangeQuery.NewDoubleRange(field, number, number, true, true),
                    MetadataOperator.GreaterOrEqual => NumericRangeQuery.NewDoubleRange(field, number, null, true, false),
                    MetadataOperator.Greater => NumericRangeQuery.NewDoubleRange(field, number, null, false, false),
                    MetadataOperator.LessOrEqual => NumericRangeQuery.NewDoubleRange(field, null, number, false, true),
                    _ => NumericRangeQuery.NewDoubleRange(field, null, number, false, false),
                };
            default:
                var ticks = value.Date.UtcTicks;
                return condition.Operator switch
                {
                    MetadataOperator.Equal => NumericRangeQuery.NewInt64Range(field, ticks, ticks, true, true),
                    MetadataOperator.GreaterOrEqual => NumericRangeQuery.NewInt64Range(field, ticks, null, true, false),
                    MetadataOperator.Greater => NumericRangeQuery.NewInt64Range(field, ticks, null, false, false),
                    MetadataOperator.LessOrEqual => NumericRangeQuery.NewInt64Range(field, null, ticks, false, true),
                    _ => NumericRangeQuery.NewInt64Range(field, null, ticks, false, false),
                };
        }
    }

    /// <summary>Chunks of unrestricted documents, or of documents sharing one of the reader's groups.</summary>
    private static BooleanQuery Readable(IReadOnlyList<string> groups)
    {
        var unrestricted = new BooleanQuery
        {
            { new MatchAllDocsQuery(), Occur.MUST },
            { new TermQuery(new Term(ChunkFields.Restricted, ChunkFields.RestrictedValue)), Occur.MUST_NOT },
        };
        var readable = new BooleanQuery { { unrestricted, Occur.SHOULD } };
        if (groups.Count > 0)
        {
            readable.Add(AnyOf(ChunkFields.AccessGroups, groups), Occur.SHOULD);
        }

        return readable;
    }

    public static Query Document(string tenant, string documentId) => new BooleanQuery
    {
        { new TermQuery(new Term(ChunkFields.Tenant, tenant)), Occur.MUST },
        { new TermQuery(new Term(ChunkFields.DocumentId, documentId)), Occur.MUST },
    };

    public static Query OlderVersions(string tenant, string documentId, int keepVersion)
    {
        var query = (BooleanQuery)Document(tenant, documentId);
        query.Add(NumericRangeQuery.NewInt32Range(ChunkFields.Version, null, keepVersion, true, false), Occur.MUST);
        return query;
    }

    public static Query Version(string tenant, string documentId, int version)
    {
        var query = (BooleanQuery)Document(tenant, documentId);
        query.Add(NumericRangeQuery.NewInt32Range(ChunkFields.Version, version, version, true, true), Occur.MUST);
        return query;
    }

    /// <summary>A disjunction of exact terms, nested in groups so long id lists stay under the clause limit.</summary>
    private static BooleanQuery AnyOf(string field, IReadOnlyList<string> values)
    {
        var groups = values.Distinct(StringComparer.Ordinal)
            .Chunk(MaxClausesPerGroup)
            .Select(group =>
            {
                var any = new BooleanQuery();
                foreach (var value in group)
                {
                    any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
                }

                return any;
            })
            .ToList();
        if (groups.Count == 1)
        {
            return groups[0];
        }

        var outer = new BooleanQuery();
        foreach (var group in groups)
        {
            outer.Add(group, Occur.SHOULD);
        }

        return outer;
    }
}
