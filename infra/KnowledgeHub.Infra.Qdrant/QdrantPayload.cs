using Google.Protobuf.Collections;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;
using Qdrant.Client.Grpc;

namespace KnowledgeHub.Infra.Qdrant;

/// <summary>How a chunk is kept as a Qdrant point's payload, and back. Field names are part of the stored format.</summary>
internal static class QdrantPayload
{
    public const string ChunkId = "chunkId";
    public const string Tenant = "tenant";
    public const string Collection = "collection";
    public const string DocumentId = "documentId";
    public const string Version = "version";
    public const string FileName = "fileName";
    public const string Page = "page";
    public const string Ordinal = "ordinal";
    public const string HeadingPath = "headingPath";
    public const string Text = "text";
    public const string Box = "box";

    /// <summary>The document's tags, a keyword array (any-of filters).</summary>
    public const string Tags = "tags";

    /// <summary>The document's creation time as UTC ticks, as the embedded index keeps it (range filters).</summary>
    public const string Created = "created";

    /// <summary>The document's access groups, a keyword array; absent (or empty) when every key of the tenant may read it.</summary>
    public const string AccessGroups = "accessGroups";

    /// <summary>The document's metadata as an object whose keys are filtered as <c>metadata.&lt;key&gt;</c> (dates as UTC ticks); absent when none.</summary>
    public const string Metadata = "metadata";

    /// <summary>The document's metadata as JSON, read back with hits (the object above loses which numbers were dates).</summary>
    public const string MetadataJson = "metadataJson";

    /// <summary>The filter path of one metadata key.</summary>
    public static string MetadataKey(string key) => Metadata + "." + key;

    /// <summary>The metadata as payload values: the object and its JSON.</summary>
    public static (Value Object, Value Json)? MetadataValues(IReadOnlyDictionary<string, MetadataValue>? metadata)
    {
        if (DocumentMetadata.ToJson(metadata) is not { } json)
        {
            return null;
        }

        var fields = new Struct();
        foreach (var (key, value) in metadata!)
        {
            fields.Fields[key] = value.Type switch
            {
                MetadataType.Text => value.Text!,
                MetadataType.Number => value.Number,
                MetadataType.Boolean => value.Flag,
                MetadataType.Date => value.Date.UtcTicks,
                _ => value.Items.ToArray(),
            };
        }

        return (new Value { StructValue = fields }, json);
    }

    /// <summary>Why the chunk looks like a planted instruction; absent when clean.</summary>
    public const string Suspicious = "suspicious";

    public static void Write(IndexedChunk chunk, MapField<string, Value> payload)
    {
        payload[ChunkId] = chunk.Id;
        payload[Tenant] = chunk.Tenant;
        payload[Collection] = chunk.Collection;
        payload[DocumentId] = chunk.DocumentId;
        payload[Version] = chunk.Version;
        payload[FileName] = chunk.FileName;
        payload[Ordinal] = chunk.Ordinal;
        payload[Text] = chunk.Text;
        if (chunk.Page is { } page)
        {
            payload[Page] = page;
        }

        if (!string.IsNullOrEmpty(chunk.HeadingPath))
        {
            payload[HeadingPath] = chunk.HeadingPath;
        }

        if (chunk.Box is { } box)
        {
            payload[Box] = box.ToString();
        }

        if (chunk.Tags is { Count: > 0 } tags)
        {
            payload[Tags] = tags.ToArray();
        }

        if (chunk.AccessGroups is { Count: > 0 } groups)
        {
            payload[AccessGroups] = groups.ToArray();
        }

        if (MetadataValues(chunk.Metadata) is { } metadata)
        {
            payload[Metadata] = metadata.Object;
            payload[MetadataJson] = metadata.Json;
        }

        if (chunk.Created is { } created)
        {
            payload[Created] = created.UtcTicks;
        }

        if (chunk.Suspicious is { } suspicious)
        {
            payload[Suspicious] = suspicious;
        }
    }

    public static IndexedChunk Read(MapField<string, Value> payload, float[] vector) => new(
        Id: String(payload, ChunkId) ?? string.Empty,
        Tenant: String(payload, Tenant) ?? string.Empty,
        Collection: String(payload, Collection) ?? string.Empty,
        DocumentId: String(payload, DocumentId) ?? string.Empty,
        Version: (int)(Integer(payload, Version) ?? 0),
        FileName: String(payload, FileName) ?? string.Empty,
        Page: Integer(payload, Page) is { } page ? (int)page : null,
        Ordinal: (int)(Integer(payload, Ordinal) ?? 0),
        Text: String(payload, Text) ?? string.Empty,
        HeadingPath: String(payload, HeadingPath),
        Vector: vector,
        Box: PageBox.Parse(String(payload, Box)),
        Tags: Strings(payload, Tags),
        Created: Integer(payload, Created) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
        Suspicious: String(payload, Suspicious),
        AccessGroups: Strings(payload, AccessGroups),
        Metadata: String(payload, MetadataJson) is { } json ? DocumentMetadata.Parse(json) : null);

    private static string[]? Strings(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.ListValue && value.ListValue.Values.Count > 0
            ? [.. value.ListValue.Values.Select(v => v.StringValue)]
            : null;

    private static string? String(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;

    // JSON numbers written through the REST API arrive as doubles; gRPC writes keep integers.
    private static long? Integer(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var value)
            ? value.KindCase switch
            {
                Value.KindOneofCase.IntegerValue => value.IntegerValue,
                Value.KindOneofCase.DoubleValue => (long)value.DoubleValue,
                _ => null,
            }
            : null;
}
