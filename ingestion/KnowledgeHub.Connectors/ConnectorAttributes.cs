using System.Text.Json;
using KnowledgeHub.Retrieval;
using KnowledgeHub.Retrieval.Metadata;

namespace KnowledgeHub.Connectors;

/// <summary>
/// What a connector gives every document it brings in, from its settings object (any kind): `accessGroups` (who may read
/// them) and `metadata` (typed metadata). Absent fields leave the documents' own as they are.
/// </summary>
public static class ConnectorAttributes
{
    /// <exception cref="ConnectorSettingsException">An invalid group list or metadata object, naming the field.</exception>
    public static (IReadOnlyList<string>? AccessGroups, IReadOnlyDictionary<string, MetadataValue>? Metadata) Read(JsonElement settings)
    {
        IReadOnlyList<string>? groups = null;
        IReadOnlyDictionary<string, MetadataValue>? metadata = null;
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return (groups, metadata);
        }

        if (settings.TryGetProperty("accessGroups", out var groupsJson) && groupsJson.ValueKind != JsonValueKind.Null)
        {
            if (groupsJson.ValueKind != JsonValueKind.Array || groupsJson.EnumerateArray().Any(g => g.ValueKind != JsonValueKind.String))
            {
                throw new ConnectorSettingsException("accessGroups", "'accessGroups' must be an array of group names.");
            }

            try
            {
                groups = AccessGroups.Normalize(groupsJson.EnumerateArray().Select(g => g.GetString()));
            }
            catch (ArgumentException ex)
            {
                throw new ConnectorSettingsException("accessGroups", ex.Message);
            }
        }

        if (settings.TryGetProperty("metadata", out var metadataJson) && metadataJson.ValueKind != JsonValueKind.Null)
        {
            try
            {
                metadata = DocumentMetadata.Parse(metadataJson);
            }
            catch (ArgumentException ex)
            {
                throw new ConnectorSettingsException("metadata", ex.Message);
            }
        }

        return (groups, metadata);
    }

    public static (IReadOnlyList<string>? AccessGroups, IReadOnlyDictionary<string, MetadataValue>? Metadata) Read(string settingsJson)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(settingsJson) ? "{}" : settingsJson);
        return Read(document.RootElement);
    }
}
