using System.Globalization;
using System.Runtime.InteropServices;
using Lucene.Net.Documents;
using KnowledgeHub.Retrieval.Metadata;
using Lucene.Net.Util;

namespace KnowledgeHub.Retrieval.Embedded;

/// <summary>How one chunk is laid out as a Lucene document, and back.</summary>
internal static class ChunkFields
{
    public const string Id = "id";
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

    /// <summary>Why the chunk looks like a planted instruction; absent when clean.</summary>
    public const string Suspicious = "suspicious";

    /// <summary>One exact term per tag (multi-valued), stored.</summary>
    public const string Tags = "tags";

    /// <summary>One exact term per access group of the document (multi-valued), stored; absent when every key may read it.</summary>
    public const string AccessGroups = "accessGroups";

    /// <summary>
    /// "1" on chunks whose document has access groups. A reader's filter is "not restricted, or one of my groups", so
    /// chunks indexed before access groups existed (no field at all) stay readable by everyone, as they were.
    /// </summary>
    public const string Restricted = "restricted";

    public const string RestrictedValue = "1";

    /// <summary>The document's metadata as JSON (stored, read back with hits); each key is also indexed as <see cref="MetadataPrefix"/> + key.</summary>
    public const string Metadata = "metadata";

    /// <summary>
    /// Per metadata key: exact terms for strings, booleans ("true"/"false") and array items; a double for numbers; UTC
    /// ticks for dates, so equality and ranges are exact term and numeric range queries.
    /// </summary>
    public const string MetadataPrefix = "m:";

    /// <summary>The document's creation time as UTC ticks (numeric, for range filters), stored.</summary>
    public const string Created = "created";

    /// <summary>The heading path, analysed, so a query can match section titles (weighted below the body).</summary>
    public const string Heading = "heading";

    /// <summary>The embedding as little-endian float32 bytes; read once when the index opens.</summary>
    public const string Vector = "vector";

    /// <summary>Every stored field except the vector, which search hits take from the in-memory store instead.</summary>
    public static readonly ISet<string> HitFields = new HashSet<string>(StringComparer.Ordinal)
    {
        Id, Tenant, Collection, DocumentId, Version, FileName, Page, Ordinal, HeadingPath, Text, Box, Tags, Created, Suspicious, AccessGroups, Metadata,
    };

    /// <summary>What decides whether a chunk belongs to another chunk's section.</summary>
    public static readonly ISet<string> SectionFields = new HashSet<string>(StringComparer.Ordinal)
    {
        Id, Page, Ordinal, HeadingPath,
    };

    /// <summary>What the dense store needs at open: no text.</summary>
    public static readonly ISet<string> DenseFields = new HashSet<string>(StringComparer.Ordinal)
    {
        Id, Tenant, Collection, DocumentId, Version, Vector, Tags, Created, AccessGroups, Metadata,
    };

    public static Document ToDocument(IndexedChunk chunk)
    {
        var doc = new Document
        {
            new StringField(Id, chunk.Id, Field.Store.YES),

            // Doc values give keyword candidates their ids without decompressing stored fields.
            new BinaryDocValuesField(Id, new BytesRef(chunk.Id)),
            new StringField(Tenant, chunk.Tenant, Field.Store.YES),
            new StringField(Collection, chunk.Collection, Field.Store.YES),
            new StringField(DocumentId, chunk.DocumentId, Field.Store.YES),
            new Int32Field(Version, chunk.Version, Field.Store.YES),
            new StoredField(FileName, chunk.FileName),
            new StoredField(Ordinal, chunk.Ordinal),
            new TextField(Text, chunk.Text, Field.Store.YES),
            new StoredField(Vector, MemoryMarshal.AsBytes(chunk.Vector.AsSpan()).ToArray()),
        };
        if (chunk.Page is { } page)
        {
            doc.Add(new StoredField(Page, page));
        }

        if (chunk.Box is { } box)
        {
            doc.Add(new StoredField(Box, box.ToString()));
        }

        foreach (var tag in chunk.Tags ?? [])
        {
            doc.Add(new StringField(Tags, tag, Field.Store.YES));
        }

        foreach (var group in chunk.AccessGroups ?? [])
        {
            doc.Add(new StringField(AccessGroups, group, Field.Store.YES));
        }

        if (chunk.AccessGroups is { Count: > 0 })
        {
            doc.Add(new StringField(Restricted, RestrictedValue, Field.Store.NO));
        }

        if (KnowledgeHub.Retrieval.Metadata.DocumentMetadata.ToJson(chunk.Metadata) is { } metadata)
        {
            doc.Add(new StoredField(Metadata, metadata));
            foreach (var (key, value) in chunk.Metadata!)
            {
                AddMetadataField(doc, MetadataPrefix + key, value);
            }
        }

        if (chunk.Suspicious is { } suspicious)
        {
            doc.Add(new StoredField(Suspicious, suspicious));
        }

        if (chunk.Created is { } created)
        {
            doc.Add(new Int64Field(Created, created.UtcTicks, Field.Store.YES));
        }

        if (!string.IsNullOrEmpty(chunk.HeadingPath))
        {
            doc.Add(new StoredField(HeadingPath, chunk.HeadingPath));
            doc.Add(new TextField(Heading, chunk.HeadingPath, Field.Store.NO));
        }

        return doc;
    }

    public static IndexedChunk ToChunk(Document doc, float[] vector) => new(
        Id: doc.Get(Id, CultureInfo.InvariantCulture),
        Tenant: doc.Get(Tenant, CultureInfo.InvariantCulture),
        Collection: doc.Get(Collection, CultureInfo.InvariantCulture),
        DocumentId: doc.Get(DocumentId, CultureInfo.InvariantCulture),
        Version: doc.GetField(Version).GetInt32Value() ?? 0,
        FileName: doc.Get(FileName, CultureInfo.InvariantCulture) ?? string.Empty,
        Page: doc.GetField(Page)?.GetInt32Value(),
        Ordinal: doc.GetField(Ordinal)?.GetInt32Value() ?? 0,
        Text: doc.Get(Text, CultureInfo.InvariantCulture) ?? string.Empty,
        HeadingPath: doc.Get(HeadingPath, CultureInfo.InvariantCulture),
        Vector: vector,
        Box: PageBox.Parse(doc.Get(Box, CultureInfo.InvariantCulture)),
        Tags: TagsOf(doc),
        Created: CreatedOf(doc),
        Suspicious: doc.Get(Suspicious, CultureInfo.InvariantCulture),
        AccessGroups: AccessGroupsOf(doc),
        Metadata: MetadataOf(doc));

    public static IReadOnlyDictionary<string, MetadataValue>? MetadataOf(Document doc) =>
        doc.Get(Metadata, CultureInfo.InvariantCulture) is { } json ? DocumentMetadata.Parse(json) : null;

    private static void AddMetadataField(Document doc, string field, MetadataValue value)
    {
        switch (value.Type)
        {
            case MetadataType.Text:
                doc.Add(new StringField(field, value.Text, Field.Store.NO));
                break;
            case MetadataType.Boolean:
                doc.Add(new StringField(field, value.Flag ? "true" : "false", Field.Store.NO));
                break;
            case MetadataType.Number:
                doc.Add(new DoubleField(field, value.Number, Field.Store.NO));
                break;
            case MetadataType.Date:
                doc.Add(new Int64Field(field, value.Date.UtcTicks, Field.Store.NO));
                break;
            default:
                foreach (var item in value.Items)
                {
                    doc.Add(new StringField(field, item, Field.Store.NO));
                }

                break;
        }
    }

    public static IReadOnlyList<string>? AccessGroupsOf(Document doc) =>
        doc.GetValues(AccessGroups, CultureInfo.InvariantCulture) is { Length: > 0 } groups ? groups : null;

    public static IReadOnlyList<string>? TagsOf(Document doc) => doc.GetValues(Tags, CultureInfo.InvariantCulture) is { Length: > 0 } tags ? tags : null;

    public static DateTimeOffset? CreatedOf(Document doc) =>
        doc.GetField(Created)?.GetInt64Value() is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public static float[] ReadVector(Document doc)
    {
        var bytes = doc.GetBinaryValue(Vector);
        return MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length)).ToArray();
    }
}
