using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KnowledgeHub.Bench.Evaluation;

namespace KnowledgeHub.Bench;

/// <summary>
/// A small corpus for a load run: the documents judged relevant to the first queries of a BEIR data set, so that
/// the questions asked under load have answers in what was ingested. Uploaded over HTTP like any client would.
/// </summary>
public sealed record LoadCorpus(IReadOnlyList<BeirDocument> Documents, IReadOnlyList<string> Questions)
{
    public static LoadCorpus From(BeirDataset dataset, int documents)
    {
        var byId = dataset.Corpus.ToDictionary(d => d.Id);
        var chosen = new Dictionary<string, BeirDocument>();
        var questions = new List<string>();
        foreach (var query in dataset.Queries)
        {
            if (chosen.Count >= documents || !dataset.Qrels.TryGetValue(query.Id, out var relevant))
            {
                continue;
            }

            questions.Add(query.Text);
            foreach (var id in relevant.Where(r => r.Value > 0).Select(r => r.Key).Where(byId.ContainsKey))
            {
                chosen.TryAdd(id, byId[id]);
            }
        }

        foreach (var document in dataset.Corpus.TakeWhile(_ => chosen.Count < documents))
        {
            chosen.TryAdd(document.Id, document);
        }

        return new LoadCorpus([.. chosen.Values], questions.Count > 0 ? questions : [.. dataset.Queries.Select(q => q.Text)]);
    }

    /// <summary>Uploads every document into the collection and waits until each is completed or failed; returns how many failed.</summary>
    public async Task<int> IngestAsync(HttpClient client, string collection, TimeProvider time, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var pending = new Queue<string>();
        foreach (var document in Documents)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(document.FullText));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", $"{document.Id}.txt");
            form.Add(new StringContent(collection), "collection");
            using var response = await client.PostAsync("/api/documents", form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Upload of {document.Id} answered {(int)response.StatusCode}: {body}");
            }

            pending.Enqueue(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        }

        // Documents finish roughly in upload order, so only the oldest unfinished one is polled at a time.
        var deadline = time.GetUtcNow() + limit;
        var failed = 0;
        while (pending.TryPeek(out var id))
        {
            var document = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{Uri.EscapeDataString(id)}", cancellationToken);
            switch (document.GetProperty("status").GetString())
            {
                case "completed":
                    pending.Dequeue();
                    continue;
                case "failed":
                    failed++;
                    pending.Dequeue();
                    continue;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Ingestion of the load corpus did not finish within {limit}; {pending.Count} documents left.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }

        return failed;
    }
}
