using Grpc.Core;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant.Tests;

/// <summary>
/// Enough of a Qdrant server, behind <see cref="RecordingCallInvoker"/>, to replay races: collections of points,
/// aliases (a create over an existing alias replaces it, the worst case for first use), writes by alias or by name,
/// and deletes and counts by the filters the adapter sends. Searches are scripted by the test (<see cref="Query"/>,
/// <see cref="QueryBatch"/>). <see cref="BeforeCall"/> lets a test act between two calls of the code under test.
/// </summary>
internal sealed class FakeQdrant
{
    private readonly int dimensions;

    public FakeQdrant(RecordingCallInvoker invoker, int dimensions)
    {
        this.dimensions = dimensions;
        invoker.Respond = Respond;
    }

    public Dictionary<string, Dictionary<string, PointStruct>> Collections { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each call is answered, with the method name: a test's chance to interleave another actor.</summary>
    public Action<string>? BeforeCall { get; set; }

    public Func<QueryPoints, QueryResponse>? Query { get; set; }

    public Func<QueryBatchPoints, QueryBatchResponse>? QueryBatch { get; set; }

    public string Resolve(string name) => Aliases.TryGetValue(name, out var target) ? target : name;

    public Dictionary<string, PointStruct> PointsOf(string name) =>
        Collections.TryGetValue(Resolve(name), out var points) ? points : throw new RpcException(new Status(StatusCode.NotFound, $"Collection `{name}` doesn't exist!"));

    /// <summary>Terms by slot in the term table.</summary>
    public Dictionary<uint, string> Terms(string table = "kh_terms") =>
        PointsOf(table).Values.ToDictionary(p => (uint)p.Id.Num, p => p.Payload["term"].StringValue);

    /// <summary>The chunk ids in a collection (or alias), sorted.</summary>
    public List<string> ChunkIds(string name) => [.. PointsOf(name).Values.Select(p => p.Payload["chunkId"].StringValue).Order(StringComparer.Ordinal)];

    private object? Respond(string method, object request)
    {
        var hook = BeforeCall;
        BeforeCall = null;
        hook?.Invoke(method);
        BeforeCall ??= hook;
        switch (request)
        {
            case ListAliasesRequest:
                var aliases = new ListAliasesResponse();
                aliases.Aliases.AddRange(Aliases.Select(a => new AliasDescription { AliasName = a.Key, CollectionName = a.Value }));
                return aliases;
            case ChangeAliases change:
                foreach (var action in change.Actions)
                {
                    if (action.DeleteAlias is { } delete)
                    {
                        Aliases.Remove(delete.AliasName);
                    }
                    else if (action.CreateAlias is { } create)
                    {
                        _ = PointsOf(create.CollectionName);
                        Aliases[create.AliasName] = create.CollectionName;
                    }
                }

                return null;
            case CollectionExistsRequest exists:
                return new CollectionExistsResponse { Result = new CollectionExists { Exists = Collections.ContainsKey(exists.CollectionName) } };
            case CreateCollection create:
                if (Collections.ContainsKey(create.CollectionName))
                {
                    throw new RpcException(new Status(StatusCode.AlreadyExists, $"Collection `{create.CollectionName}` already exists!"));
                }

                Collections[create.CollectionName] = new Dictionary<string, PointStruct>(StringComparer.Ordinal);
                return null;
            case DeleteCollection delete:
                Collections.Remove(delete.CollectionName);
                return null;
            case GetCollectionInfoRequest info:
                _ = PointsOf(info.CollectionName);
                return Layouts.Response(dimensions);
            case UpsertPoints upsert:
                var into = PointsOf(upsert.CollectionName);
                foreach (var point in upsert.Points)
                {
                    if (!(upsert.UpdateMode == UpdateMode.InsertOnly && into.ContainsKey(Key(point.Id))))
                    {
                        into[Key(point.Id)] = point.Clone();
                    }
                }

                return null;
            case DeletePoints deletePoints:
                var from = PointsOf(deletePoints.CollectionName);
                foreach (var id in from.Where(p => Matches(deletePoints.Points.Filter, p.Value)).Select(p => p.Key).ToList())
                {
                    from.Remove(id);
                }

                return null;
            case CountPoints count:
                return new CountResponse { Result = new CountResult { Count = (ulong)PointsOf(count.CollectionName).Values.Count(p => count.Filter is null || Matches(count.Filter, p)) } };
            case GetPoints get:
                var all = PointsOf(get.CollectionName);
                var response = new GetResponse();
                foreach (var id in get.Ids)
                {
                    if (all.TryGetValue(Key(id), out var point))
                    {
                        var retrieved = new RetrievedPoint { Id = point.Id, Vectors = DenseOutput(point) };
                        retrieved.Payload.Add(point.Payload);
                        response.Result.Add(retrieved);
                    }
                }

                return response;
            case ScrollPoints scroll:
                var page = new ScrollResponse();
                var matching = PointsOf(scroll.CollectionName)
                    .Where(p => scroll.Filter is null || Matches(scroll.Filter, p.Value))
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .SkipWhile(p => scroll.Offset is not null && string.CompareOrdinal(p.Key, Key(scroll.Offset)) < 0)
                    .ToList();
                foreach (var (_, point) in matching.Take((int)scroll.Limit))
                {
                    var retrieved = new RetrievedPoint { Id = point.Id, Vectors = AllOutput(point) };
                    retrieved.Payload.Add(point.Payload);
                    page.Result.Add(retrieved);
                }

                if (matching.Count > (int)scroll.Limit)
                {
                    page.NextPageOffset = matching[(int)scroll.Limit].Value.Id;
                }

                return page;
            case QueryPoints query:
                return Query?.Invoke(query) ?? throw new InvalidOperationException("The test scripted no query answer.");
            case QueryBatchPoints batch:
                return QueryBatch?.Invoke(batch) ?? throw new InvalidOperationException("The test scripted no batch answer.");
            default:
                return null;
        }
    }

    /// <summary>How a point id keys its collection: the UUID, or the number (term slots).</summary>
    public static string Key(PointId id) =>
        id.PointIdOptionsCase == PointId.PointIdOptionsOneofCase.Num ? "#" + id.Num.ToString(System.Globalization.CultureInfo.InvariantCulture) : id.Uuid;

    private static VectorsOutput AllOutput(PointStruct point)
    {
        var output = new VectorsOutput { Vectors = new NamedVectorsOutput() };
        foreach (var (name, vector) in point.Vectors.Vectors_.Vectors)
        {
            output.Vectors.Vectors[name] = vector.Sparse is { } sparse
                ? new VectorOutput { Sparse = new SparseVector { Indices = { sparse.Indices }, Values = { sparse.Values } } }
                : new VectorOutput { Dense = new DenseVector { Data = { vector.Dense.Data } } };
        }

        return output;
    }

    private static VectorsOutput DenseOutput(PointStruct point)
    {
        var output = new VectorsOutput { Vectors = new NamedVectorsOutput() };
        if (point.Vectors?.Vectors_?.Vectors.TryGetValue("dense", out var dense) == true)
        {
            output.Vectors.Vectors["dense"] = new VectorOutput { Dense = new DenseVector { Data = { dense.Dense.Data } } };
        }

        return output;
    }

    private static bool Matches(Filter filter, PointStruct point) => filter.Must.All(c => Matches(c, point));

    private static bool Matches(Condition condition, PointStruct point)
    {
        if (condition.HasId is { } hasId)
        {
            return hasId.HasId.Any(id => id.Uuid == point.Id.Uuid);
        }

        var field = condition.Field;
        if (!point.Payload.TryGetValue(field.Key, out var value))
        {
            return false;
        }

        if (field.Match is { } match)
        {
            return match.MatchValueCase switch
            {
                Match.MatchValueOneofCase.Keyword => value.StringValue == match.Keyword,
                Match.MatchValueOneofCase.Integer => value.IntegerValue == match.Integer,
                Match.MatchValueOneofCase.Keywords => match.Keywords.Strings.Contains(value.StringValue),
                _ => throw new NotSupportedException(match.MatchValueCase.ToString()),
            };
        }

        var range = field.Range;
        double number = value.IntegerValue;
        return (!range.HasLt || number < range.Lt) && (!range.HasLte || number <= range.Lte) && (!range.HasGt || number > range.Gt) && (!range.HasGte || number >= range.Gte);
    }
}
