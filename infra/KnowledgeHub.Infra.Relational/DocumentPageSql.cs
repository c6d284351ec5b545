using System.Text;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Infra.Relational;

/// <summary>
/// The two statements of one page of a document list: a count of every match and the page itself, which continues
/// after a cursor or from an offset.
/// </summary>
/// <param name="CountSql">The whole count statement; it reads back as a 32-bit integer.</param>
/// <param name="PageClause">The clause after <c>SELECT columns FROM documents</c> for the page's rows.</param>
public sealed record DocumentPageSql(
    string CountSql, IReadOnlyList<SqlArgument> CountArguments, string PageClause, IReadOnlyList<SqlArgument> PageArguments)
{
    /// <summary>Builds both statements for <paramref name="tenant"/>'s documents matching <paramref name="query"/>.</summary>
    public static DocumentPageSql Build(SqlDialect dialect, string tenant, DocumentQuery query)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(query);
        var p = dialect.Parameter;
        var filters = new List<SqlArgument> { SqlArgument.Text("tenant", tenant) };
        var where = new StringBuilder().Append("WHERE tenant = ").Append(p("tenant"));
        if (query.Collection is not null)
        {
            where.Append(" AND collection = ").Append(p("collection"));
            filters.Add(SqlArgument.Text("collection", query.Collection));
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = ").Append(p("status"));
            filters.Add(SqlArgument.Text("status", DocumentColumns.StatusText(status)));
        }

        if (!string.IsNullOrEmpty(query.FileNameContains))
        {
            // The escape keeps % and _ in the search text literal.
            where.Append(" AND file_name ").Append(dialect.CaseInsensitiveLike).Append(' ').Append(p("name")).Append(@" ESCAPE '\'");
            filters.Add(SqlArgument.Text("name", "%" + DocumentColumns.EscapeLike(query.FileNameContains) + "%"));
        }

        if (query.CreatedFrom is { } from)
        {
            where.Append(" AND created_at >= ").Append(p("from"));
            filters.Add(SqlArgument.Timestamp("from", from));
        }

        if (query.CreatedTo is { } to)
        {
            where.Append(" AND created_at < ").Append(p("to"));
            filters.Add(SqlArgument.Timestamp("to", to));
        }

        if (query.AccessGroups is { } groups)
        {
            where.Append(" AND ").Append(AccessFilter(dialect, groups, filters));
        }

        if (query.UpdatedFrom is { } updatedFrom)
        {
            where.Append(" AND updated_at >= ").Append(p("updated_from"));
            filters.Add(SqlArgument.Timestamp("updated_from", updatedFrom));
        }

        var countSql = $"SELECT {dialect.IntegerCount} FROM documents {where};";
        var page = new List<SqlArgument>(filters);
        if (query.After is { } after)
        {
            where.Append(" AND (created_at < ").Append(p("after_at"))
                .Append(" OR (created_at = ").Append(p("after_at")).Append(" AND id > ").Append(p("after_id")).Append("))");
            page.Add(SqlArgument.Timestamp("after_at", after.CreatedAt));
            page.Add(SqlArgument.Text("after_id", after.Id));
        }

        // One row more than asked tells whether there is a next page without a second query.
        where.Append(" ORDER BY created_at DESC, id LIMIT ").Append(p("limit")).Append(" OFFSET ").Append(p("offset"));
        page.Add(SqlArgument.Number("limit", query.Limit + 1));
        page.Add(SqlArgument.Number("offset", query.After is null ? query.Offset : 0));
        return new DocumentPageSql(countSql, filters, where.ToString(), page);
    }

    /// <summary>
    /// The condition that a document is readable with these access groups (ungrouped, or sharing one); its arguments
    /// are added to <paramref name="arguments"/>.
    /// </summary>
    public static string AccessFilter(SqlDialect dialect, IReadOnlyList<string> groups, List<SqlArgument> arguments)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(arguments);

        // Empty arrays are stored as "[]" by version updates; they restrict no more than NULL.
        var filter = new StringBuilder("(access_groups IS NULL OR access_groups = '[]'");
        var names = groups.Distinct(StringComparer.Ordinal).Select((g, i) => (Name: "group" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Group: g)).ToList();
        if (names.Count > 0)
        {
            filter.Append(" OR ").Append(dialect.JsonArrayHasAny("access_groups", names.Select(n => n.Name)));
            arguments.AddRange(names.Select(n => SqlArgument.Text(n.Name, n.Group)));
        }

        return filter.Append(')').ToString();
    }
}
