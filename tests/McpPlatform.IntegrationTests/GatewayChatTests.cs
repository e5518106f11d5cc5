using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The chat surfaces end to end on the real platform: the mock model asks for <c>postgres_main</c>'s
/// <c>execute_sql</c>, the gateway runs it against the real connector and PostgreSQL (the MCP tools/call path: key
/// rules, limits, audit) and the model answers with its rows, on both endpoints, streamed and not.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayChatTests(PlatformFixture platform)
{
    private const string Tool = "postgres_main-execute_sql";

    /// <summary>The model of the gateway's default settings: the mock (appsettings.json).</summary>
    private const string ChatModel = "mcp-gateway";

    public static TheoryData<string, bool> Endpoints() => new()
    {
        { "/v1/chat/completions", false },
        { "/v1/chat/completions", true },
        { "/v1/responses", false },
        { "/v1/responses", true },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Chat_MockModelCallsExecuteSql_GatewayRunsItAndTheAnswerHoldsTheRows(string path, bool stream)
    {
        var marker = "chat_" + Guid.NewGuid().ToString("N")[..12];
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var http = platform.CreateGatewayHttpClient();

        var answer = await AskAsync(http, path, stream, $"SELECT 1 AS {marker}", "litellm_proxy/mcp/postgres_main");

        Assert.Contains($"[{Tool}] ", answer);
        Assert.True(answer.Contains(marker, StringComparison.Ordinal), answer); // the column the statement named: the connector's rows came back
        var entry = await AuditedCallAsync(since, marker);
        Assert.Equal("ok", entry.GetProperty("outcome").GetString());
        Assert.Equal("config:local-user", entry.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Chat_KeyDeniedExecuteSql_ToolIsNotOfferedNothingRunsAndTheRefusalIsAudited()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var http = platform.CreateGatewayHttpClient(GatewayTestConfiguration.NoSqlKey);

        var answer = await AskAsync(http, "/v1/chat/completions", stream: false, "SELECT 1", "litellm_proxy");

        Assert.Contains($"[{Tool}] Error: Requested function \"{Tool}\" not found.", answer);
        // Filtered here, not with ?key=: the audit API's key filter strips 'config:' from a configuration key's id,
        // which the gateway records with it, so it finds no entry of a configuration key.
        var refusal = await AuditedAsync($"outcome=refused&tool={Tool}", since, IsNoSqlKeys);
        Assert.Equal("unknown_tool: not offered to the model", refusal.GetProperty("reason").GetString());
        Assert.DoesNotContain((await AuditPageAsync("tool=execute_sql", since)).EnumerateArray(), IsNoSqlKeys);
    }

    private static bool IsNoSqlKeys(JsonElement entry) => entry.GetProperty("keyId").GetString() == "config:no-sql";

    /// <summary>Asks the mock model to run <paramref name="sql"/>; the answer's text (streamed or not, either endpoint).</summary>
    private static async Task<string> AskAsync(HttpClient http, string path, bool stream, string sql, string serverUrl)
    {
        var tools = new JsonArray(new JsonObject { ["type"] = "mcp", ["server_label"] = "db", ["server_url"] = serverUrl, ["require_approval"] = "never" });
        var body = path.EndsWith("responses", StringComparison.Ordinal)
            ? new JsonObject { ["model"] = ChatModel, ["input"] = "Run it.", ["tools"] = tools }
            : new JsonObject { ["model"] = ChatModel, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Run it." }), ["tools"] = tools };
        body["stream"] = stream;
        body["mock_tool_calls"] = new JsonArray(new JsonObject { ["name"] = Tool, ["arguments"] = new JsonObject { ["sql"] = sql } });

        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        if (!stream)
        {
            var json = JsonNode.Parse(text)!;
            return path.EndsWith("responses", StringComparison.Ordinal)
                ? (string)json["output"]!.AsArray().Single(item => (string?)item!["type"] == "message")!["content"]![0]!["text"]!
                : (string)json["choices"]![0]!["message"]!["content"]!;
        }

        var data = text.Split('\n').Where(line => line.StartsWith("data: ", StringComparison.Ordinal)).Select(line => line[6..]).Where(line => line != "[DONE]").Select(line => JsonNode.Parse(line)!);
        return string.Concat(path.EndsWith("responses", StringComparison.Ordinal)
            ? data.Where(item => (string?)item["type"] == "response.output_text.delta").Select(item => (string?)item["delta"])
            : data.Where(item => item["choices"] is JsonArray { Count: > 0 }).Select(item => (string?)item["choices"]![0]!["delta"]!["content"]));
    }

    /// <summary>The audit entry of the tool call that ran the statement (the audit log writes in the background: polled).</summary>
    private Task<JsonElement> AuditedCallAsync(DateTimeOffset since, string marker) =>
        AuditedAsync("server=postgres_main&tool=execute_sql", since, entry =>
            entry.GetProperty("arguments").ValueKind != JsonValueKind.String || entry.GetProperty("arguments").GetString()!.Contains(marker, StringComparison.Ordinal));

    private async Task<JsonElement> AuditedAsync(string filter, DateTimeOffset since, Func<JsonElement, bool> matches)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var match = (await AuditPageAsync(filter, since)).EnumerateArray()
                .FirstOrDefault(entry => entry.GetProperty("method").GetString() == "tools/call" && matches(entry));
            if (match.ValueKind != JsonValueKind.Undefined)
            {
                return match;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No audit entry for {filter}: {await AuditPageAsync("limit=5", since)}");
            await Task.Delay(200);
        }
    }

    private async Task<JsonElement> AuditPageAsync(string filter, DateTimeOffset since)
    {
        using var admin = platform.CreateGatewayHttpClient(PlatformFixture.MasterKey);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/audit?{filter}&from={Uri.EscapeDataString(since.ToString("O"))}");
        return page.GetProperty("entries");
    }
}
