using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeHub.Web.Tests;

/// <summary>A fresh data folder without a configured bootstrap key: the host generates an admin key and prints it once.</summary>
public sealed partial class BootstrapKeyTests
{
    [Fact]
    public async Task First_start_without_a_bootstrap_key_prints_a_working_admin_key_and_later_starts_print_none()
    {
        var dataPath = KnowledgeHubServer.NewDataPath();
        string key;
        using (var first = HostProcess.Start(dataPath, "first", "--KnowledgeHub:Auth:BootstrapKey="))
        {
            await first.WaitUntilAnsweringAsync();
            key = await PrintedKeyAsync(first);

            using var configuredKey = await first.Client.GetAsync("/api/documents");
            first.UseKey(key);
            using var generatedKey = await first.Client.GetAsync("/api/keys");
            var keys = await generatedKey.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.Unauthorized, configuredKey.StatusCode);
            Assert.Equal(HttpStatusCode.OK, generatedKey.StatusCode);
            var listed = Assert.Single(keys.GetProperty("keys").EnumerateArray());
            Assert.Equal(("admin", "default"), (listed.GetProperty("role").GetString(), listed.GetProperty("tenant").GetString()));
            Assert.Single(KeyPattern().Matches(first.Output));
            first.Stop();
        }

        using var second = HostProcess.Start(dataPath, "second", "--KnowledgeHub:Auth:BootstrapKey=");
        await second.WaitUntilAnsweringAsync();
        second.UseKey(key);
        using var again = await second.Client.GetAsync("/api/documents");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.DoesNotMatch(KeyPattern(), second.Output);
        Assert.DoesNotContain("generated an admin API key", second.Output, StringComparison.Ordinal);
        second.Stop();
        Directory.Delete(dataPath, recursive: true);
    }

    [GeneratedRegex("kh_[0-9a-f]{16}_[0-9a-f]{64}")]
    private static partial Regex KeyPattern();

    private static async Task<string> PrintedKeyAsync(HostProcess host)
    {
        // The banner is written before the host listens, but stdout reaches the test through a pipe; allow it a moment.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var match = KeyPattern().Match(host.Output);
            if (match.Success)
            {
                return match.Value;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"No generated key in the host's output:\n{host.Output}");
            await Task.Delay(100);
        }
    }
}
