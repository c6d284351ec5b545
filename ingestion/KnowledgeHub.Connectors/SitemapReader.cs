using System.Xml;
using System.Xml.Linq;

namespace KnowledgeHub.Connectors;

/// <summary>The page addresses of a sitemap (urlset) and the sitemaps of a sitemap index.</summary>
public static class SitemapReader
{
    public static (IReadOnlyList<string> Pages, IReadOnlyList<string> Sitemaps) Read(Stream xml)
    {
        // No DTDs, no external entities: the document comes from the crawled site.
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var document = XDocument.Load(reader);
        var root = document.Root;
        if (root is null)
        {
            return ([], []);
        }

        var locations = root.Elements().Select(e => e.Elements().FirstOrDefault(c => c.Name.LocalName == "loc")?.Value.Trim())
            .Where(l => !string.IsNullOrEmpty(l))
            .Select(l => l!)
            .ToList();
        return root.Name.LocalName == "sitemapindex" ? ([], locations) : (locations, []);
    }
}
