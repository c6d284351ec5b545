using System.Text;

namespace KnowledgeHub.Web.Tests;

public sealed class HeadingPathTests
{
    [Fact]
    public async Task Search_results_and_citations_carry_the_heading_path_of_their_section()
    {
        await using var server = await KnowledgeHubServer.StartAsync();
        var markdown = """
            # Site safety

            ## Ladders

            Always face the ladder and keep three points of contact when climbing down.

            ## Scaffolding

            Scaffolding must be inspected by a competent person every seven days.
            """;
        var uploaded = await server.UploadAsync("safety.md", Encoding.UTF8.GetBytes(markdown));
        Assert.Equal("completed", (await server.WaitForEndAsync(uploaded.GetProperty("id").GetString()!)).GetProperty("status").GetString());

        var answer = await server.PostJsonAsync("/api/ask", new { question = "How often must scaffolding be inspected?" });

        var citation = Assert.Single(answer.GetProperty("citations").EnumerateArray());
        Assert.Equal("Site safety > Scaffolding", citation.GetProperty("headingPath").GetString());
        var search = await server.PostJsonAsync("/api/search", new { query = "ladder three points of contact", top = 1 });
        Assert.Equal("Site safety > Ladders", search.GetProperty("results")[0].GetProperty("headingPath").GetString());
    }
}
