using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using KnowledgeHub.Ingestion.Documents;

namespace KnowledgeHub.Store.Tests;

/// <summary>
/// A real document store behind a proxy that records, per store method, how many calls returned documents and the
/// most documents one call materialised: what a backlog of any size costs a caller, per query.
/// </summary>
public class RecordingDocumentStore : DispatchProxy
{
    private readonly ConcurrentDictionary<string, (int Calls, int Largest, long Rows)> reads = new(StringComparer.Ordinal);

    private IDocumentStore inner = null!;

    /// <summary>Per method that returned documents: calls, the largest number of documents one call returned, all documents.</summary>
    public IReadOnlyDictionary<string, (int Calls, int Largest, long Rows)> Reads => reads;

    /// <summary>The most documents any one call returned.</summary>
    public int LargestRead => reads.Values.Select(r => r.Largest).DefaultIfEmpty(0).Max();

    /// <summary>Every document any call returned.</summary>
    public long RowsRead => reads.Values.Sum(r => r.Rows);

    public static (IDocumentStore Store, RecordingDocumentStore Recorder) Over(IDocumentStore inner)
    {
        var store = Create<IDocumentStore, RecordingDocumentStore>();
        var recorder = (RecordingDocumentStore)(object)store;
        recorder.inner = inner;
        return (store, recorder);
    }

    public void Reset() => reads.Clear();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        return result switch
        {
            Task<IReadOnlyList<DocumentRecord>> list => RecordAsync(targetMethod.Name, list),
            Task<DocumentPage> page => RecordPageAsync(targetMethod.Name, page),
            _ => result,
        };
    }

    private async Task<IReadOnlyList<DocumentRecord>> RecordAsync(string method, Task<IReadOnlyList<DocumentRecord>> call)
    {
        var rows = await call;
        Note(method, rows.Count);
        return rows;
    }

    private async Task<DocumentPage> RecordPageAsync(string method, Task<DocumentPage> call)
    {
        var page = await call;
        Note(method, page.Documents.Count);
        return page;
    }

    private void Note(string method, int rows) =>
        reads.AddOrUpdate(method, (1, rows, rows), (_, r) => (r.Calls + 1, Math.Max(r.Largest, rows), r.Rows + rows));
}
