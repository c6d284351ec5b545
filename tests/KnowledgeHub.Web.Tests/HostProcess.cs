using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests;

/// <summary>
/// The real host, `dotnet KnowledgeHub.Web.dll serve`, as a separate OS process on a loopback port, so that a test
/// can kill it the way the OOM killer or a power cut would: no shutdown code runs, nothing is flushed or disposed.
/// Its stdout and stderr are kept for the test's output.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private HostProcess(Process process, StringBuilder output, Uri address, string dataPath)
    {
        this.process = process;
        this.output = output;
        DataPath = dataPath;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        UseKey(KnowledgeHubServer.AdminKey);
    }

    public string DataPath { get; }

    public HttpClient Client { get; }

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved in arrival order.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The host's program, copied next to the test assembly because this project references the web project.</summary>
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "KnowledgeHub.Web.dll");

    /// <summary>Starts the host on <paramref name="dataPath"/>; <see cref="WaitUntilAnsweringAsync"/> waits until it serves.</summary>
    public static HostProcess Start(string dataPath, string label, params string[] extraArgs)
    {
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        return Launch(dataPath, label, url, ["serve", "--urls", url, .. extraArgs]);
    }

    /// <summary>Starts the `worker` verb (ingestion jobs only, no HTTP; <see cref="Client"/> answers nothing).</summary>
    public static HostProcess StartWorker(string dataPath, string label, params string[] extraArgs) =>
        Launch(dataPath, label, $"http://127.0.0.1:{FreeLoopbackPort()}", ["worker", .. extraArgs]);

    /// <summary>Runs any verb (`ask`, `ingest` ...) on <paramref name="dataPath"/>; <see cref="WaitForExit"/> gives its exit code.</summary>
    public static HostProcess StartVerb(string dataPath, string label, params string[] verbAndArgs) =>
        Launch(dataPath, label, $"http://127.0.0.1:{FreeLoopbackPort()}", verbAndArgs);

    /// <summary>The exit code, once the process ends on its own; the bound only keeps a hung process from hanging the test.</summary>
    public int WaitForExit(TimeSpan limit)
    {
        Assert.True(process.WaitForExit(limit), $"The process did not exit within {limit}; output so far:\n{Output}");
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The operating system's id of the process.</summary>
    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    private static HostProcess Launch(string dataPath, string label, string url, string[] verbAndArgs)
    {
        Assert.True(File.Exists(HostDll), $"The host program is not beside the test assembly: {HostDll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };

        // From the environment, so that a test can still override or clear it on the command line.
        start.Environment["KnowledgeHub__Auth__BootstrapKey"] = KnowledgeHubServer.AdminKey;
        foreach (var arg in (string[])[
                     HostDll, .. verbAndArgs, $"--KnowledgeHub:DataPath={dataPath}",
                     "--Logging:LogLevel:Microsoft.AspNetCore=Warning", "--Logging:LogLevel:Hangfire=Warning",
                 ])
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, label, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, label + " err", e.Data);
        Assert.True(process.Start(), "dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        return new HostProcess(process, output, new Uri(url), dataPath);
    }

    public async Task<JsonElement> UploadAsync(string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        using var response = await Client.PostAsync("/api/documents", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Upload of {fileName} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Makes <see cref="Client"/> send this API key instead of the bootstrap key.</summary>
    public void UseKey(string key) => Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

    public async Task<List<JsonElement>> ListDocumentsAsync()
    {
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/documents?limit=500", KnowledgeHubServer.Json);
        return list.GetProperty("documents").EnumerateArray().Select(d => d.Clone()).ToList();
    }

    public async Task<JsonElement> GetDocumentAsync(string id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}", KnowledgeHubServer.Json)).Clone();

    public async Task<JsonElement> SearchAsync(string query, int top)
    {
        using var response = await Client.PostAsJsonAsync("/api/search", new { query, top }, KnowledgeHubServer.Json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Search answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Polls the document list until <paramref name="done"/> holds for it or the process dies. The bound only
    /// keeps a broken build from hanging CI; it is not a performance expectation.
    /// </summary>
    public async Task<List<JsonElement>> WaitForDocumentsAsync(Func<List<JsonElement>, bool> done, TimeSpan limit, TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"The host exited with code {ExitCodeOrNull()} while the test waited for its documents.");
            var documents = await ListDocumentsAsync();
            if (done(documents))
            {
                return documents;
            }

            Assert.True(clock.Elapsed < limit, $"The documents did not reach the expected state within {limit}; last states: {Summarize(documents)}");
            await Task.Delay(interval);
        }
    }

    /// <summary>
    /// SIGTERM, as a service manager stops the host: the generic host shuts down in order. The bound only keeps
    /// a host that hangs on shutdown from hanging the test; it is then killed.
    /// </summary>
    public void Stop()
    {
        if (!process.HasExited && OperatingSystem.IsLinux())
        {
            _ = NativeSignals.kill(process.Id, NativeSignals.SigTerm);
            if (process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                return;
            }
        }

        Kill();
    }

    /// <summary>SIGKILL on Linux (that is what Process.Kill sends): no shutdown hooks, no finalizers, no flushing.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        Client.Dispose();
        process.Dispose();
    }

    public static string Summarize(IEnumerable<JsonElement> documents) => string.Join(", ", documents
        .GroupBy(d => d.GetProperty("status").GetString())
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key}={g.Count()}"));

    public async Task WaitUntilAnsweringAsync()
    {
        // Generous: the first start on a fresh data folder also extracts the encoder model.
        var limit = TimeSpan.FromMinutes(2);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            Assert.False(process.HasExited, $"The host exited with code {ExitCodeOrNull()} before it answered HTTP.");
            try
            {
                // Any answer will do, 401 included: the host serves HTTP only after its start-up work is done.
                using var response = await probe.GetAsync("/api/documents");
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            Assert.True(clock.Elapsed < limit, $"The host did not answer HTTP within {limit}.");
            await Task.Delay(200);
        }
    }

    private int? ExitCodeOrNull() => process.HasExited ? process.ExitCode : null;

    private static void Append(StringBuilder output, string label, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append('[').Append(label).Append("] ").AppendLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
