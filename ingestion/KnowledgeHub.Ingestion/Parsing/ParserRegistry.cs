namespace KnowledgeHub.Ingestion.Parsing;

/// <summary>Picks the parser for a file by its extension (case-insensitive).</summary>
public sealed class ParserRegistry
{
    private readonly Dictionary<string, IDocumentParser> byExtension = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> supported = [];

    public ParserRegistry(IEnumerable<IDocumentParser> parsers)
    {
        ArgumentNullException.ThrowIfNull(parsers);
        foreach (var parser in parsers)
        {
            foreach (var extension in parser.Extensions)
            {
                // First registration wins, so a host can put a preferred parser ahead of the defaults.
                if (byExtension.TryAdd(extension, parser))
                {
                    supported.Add(extension.ToLowerInvariant());
                }
            }
        }
    }

    /// <summary>Lower-case extensions with the dot, in registration order.</summary>
    public IReadOnlyList<string> SupportedExtensions => supported;

    public bool IsSupported(string fileName) => byExtension.ContainsKey(Path.GetExtension(fileName));

    /// <exception cref="DocumentRejectedException">No parser handles the file's extension.</exception>
    public IDocumentParser Resolve(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (byExtension.TryGetValue(extension, out var parser))
        {
            return parser;
        }

        var shown = extension.Length == 0 ? "(none)" : extension.ToLowerInvariant();
        throw new DocumentRejectedException(DocumentRejections.UnsupportedType(shown, supported));
    }
}
