using System.Text.RegularExpressions;

namespace KnowledgeHub.Ingestion.Documents;

public static partial class CollectionNames
{
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Pattern();

    /// <exception cref="ArgumentException">The name is not 1-64 letters, digits, '_', '.' or '-'.</exception>
    public static void Validate(string collection)
    {
        if (!Pattern().IsMatch(collection))
        {
            throw new ArgumentException($"Invalid collection name '{collection}': use 1-64 letters, digits, '_', '.' or '-'.", nameof(collection));
        }
    }
}
