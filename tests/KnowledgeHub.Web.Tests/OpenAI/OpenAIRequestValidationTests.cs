using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KnowledgeHub.Web.Tests.OpenAI;

public sealed class OpenAIRequestValidationTests(BareServerFixture fixture) : IClassFixture<BareServerFixture>
{
    [Theory]
    [InlineData("{\"model\":\"knowledgehub\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}", "invalid_json")]
    [InlineData("{\"model\":\"knowledgehub\",\"stream\":\"yes\",\"messages\":[]}", "$.stream")]
    [InlineData("{\"model\":\"knowledgehub\"}", "messages")]
    [InlineData("{\"model\":\"knowledgehub\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"knowledgehub\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"}]}", "no message with role 'user'")]
    [InlineData("{\"model\":\"knowledgehub\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "'model' is required")]
    [InlineData("", "invalid_json")]
    public async Task Bad_requests_get_400_problem_details_with_an_OpenAI_error_object(string json, string expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await fixture.Server.Client.PostAsync("/v1/chat/completions", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var error = problem.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), error.GetProperty("message").GetString());
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("knowledgehub/missing")]
    [InlineData("gpt-4o")]
    public async Task Unknown_model_gets_404_with_an_error_that_names_it(string model)
    {
        using var response = await fixture.Server.Client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "hi" } } });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains($"'{model}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_documents_the_models_list_holds_only_the_all_collections_model()
    {
        var list = await fixture.Server.Client.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("list", list.GetProperty("object").GetString());
        var model = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.Equal("knowledgehub", model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }

    [Fact]
    public async Task Unknown_model_id_in_the_models_path_gets_404()
    {
        using var response = await fixture.Server.Client.GetAsync("/v1/models/knowledgehub%2Fmissing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'knowledgehub/missing'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
