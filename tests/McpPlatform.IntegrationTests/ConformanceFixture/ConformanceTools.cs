using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

#pragma warning disable MCP9005 // Sampling and logging: what the 2025-11-25 scenarios exercise.
#pragma warning disable MCP9001 // The legacy titled enum: SEP-1330's scenario asks for it.

namespace McpPlatform.IntegrationTests.ConformanceFixture;

/// <summary>The tools the conformance suite's <c>tools-call-*</c>, elicitation and SSE scenarios call.</summary>
[McpServerToolType]
public sealed class ConformanceTools
{
    [McpServerTool(Name = "test_simple_text"), Description("Returns simple text.")]
    public static string SimpleText() => "This is a simple text response for testing.";

    [McpServerTool(Name = "test_image_content"), Description("Returns an image.")]
    public static ContentBlock ImageContent() => ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png");

    [McpServerTool(Name = "test_audio_content"), Description("Returns audio.")]
    public static ContentBlock AudioContent() => AudioContentBlock.FromBytes(ConformanceMedia.Wav, "audio/wav");

    [McpServerTool(Name = "test_embedded_resource"), Description("Returns an embedded resource.")]
    public static ContentBlock EmbeddedResource() => new EmbeddedResourceBlock
    {
        Resource = new TextResourceContents { Uri = "test://embedded-resource", MimeType = "text/plain", Text = "This is an embedded resource content." },
    };

    [McpServerTool(Name = "test_multiple_content_types"), Description("Returns text, an image and a resource.")]
    public static IEnumerable<ContentBlock> MultipleContentTypes() =>
    [
        new TextContentBlock { Text = "Multiple content types test:" },
        ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png"),
        new EmbeddedResourceBlock
        {
            Resource = new TextResourceContents { Uri = "test://mixed-content-resource", MimeType = "application/json", Text = """{"test":"data","value":123}""" },
        },
    ];

    [McpServerTool(Name = "test_tool_with_logging"), Description("Sends three log messages while it runs.")]
    public static async Task<string> ToolWithLoggingAsync(McpServer server, CancellationToken cancellationToken)
    {
        string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(50, cancellationToken);
            }

            await server.SendNotificationAsync(
                NotificationMethods.LoggingMessageNotification,
                new LoggingMessageNotificationParams { Level = LoggingLevel.Info, Logger = "conformance", Data = JsonSerializer.SerializeToElement(messages[i]) },
                cancellationToken: cancellationToken);
        }

        return "Tool with logging executed successfully";
    }

    [McpServerTool(Name = "test_tool_with_progress"), Description("Reports progress 0, 50 and 100 of 100.")]
    public static async Task<string> ToolWithProgressAsync(IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        foreach (var step in new[] { 0, 50, 100 })
        {
            progress.Report(new ProgressNotificationValue { Progress = step, Total = 100 });
            if (step < 100)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        return "Tool with progress executed successfully";
    }

    [McpServerTool(Name = "test_error_handling"), Description("Always fails.")]
    public static CallToolResult ErrorHandling() => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
    };

    [McpServerTool(Name = "test_sampling"), Description("Asks the client's model (sampling).")]
    public static async Task<string> SamplingAsync(McpServer server, string prompt, CancellationToken cancellationToken)
    {
        var result = await server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            },
            cancellationToken);
        return "LLM response: " + string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
    }

    [McpServerTool(Name = "test_elicitation"), Description("Asks the user for a username and an email (elicitation).")]
    public static async Task<string> ElicitationAsync(McpServer server, string message, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = message,
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                    {
                        ["username"] = new ElicitRequestParams.StringSchema { Description = "User's response" },
                        ["email"] = new ElicitRequestParams.StringSchema { Description = "User's email address" },
                    },
                    Required = ["username", "email"],
                },
            },
            cancellationToken);
        return $"User response: action={result.Action}, content={JsonSerializer.Serialize(result.Content)}";
    }

    [McpServerTool(Name = "test_elicitation_sep1034_defaults"), Description("Elicits a form whose fields all have defaults (SEP-1034).")]
    public static Task<string> ElicitationDefaultsAsync(McpServer server, CancellationToken cancellationToken) =>
        ElicitFormAsync(server, "Please review the defaults", new()
        {
            ["name"] = new ElicitRequestParams.StringSchema { Description = "Name", Default = "John Doe" },
            ["age"] = new ElicitRequestParams.NumberSchema { Type = "integer", Description = "Age", Default = 30 },
            ["score"] = new ElicitRequestParams.NumberSchema { Description = "Score", Default = 95.5 },
            ["status"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema { Description = "Status", Enum = ["active", "inactive", "pending"], Default = "active" },
            ["verified"] = new ElicitRequestParams.BooleanSchema { Description = "Verified", Default = true },
        }, cancellationToken);

    [McpServerTool(Name = "test_elicitation_sep1330_enums"), Description("Elicits a form with every enum variant (SEP-1330).")]
    public static Task<string> ElicitationEnumsAsync(McpServer server, CancellationToken cancellationToken) =>
        ElicitFormAsync(server, "Please pick options", new()
        {
            ["untitledSingle"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema { Enum = ["option1", "option2", "option3"] },
            ["titledSingle"] = new ElicitRequestParams.TitledSingleSelectEnumSchema
            {
                OneOf = [Option("value1", "First Option"), Option("value2", "Second Option"), Option("value3", "Third Option")],
            },
            ["legacyEnum"] = new ElicitRequestParams.LegacyTitledEnumSchema
            {
                Enum = ["opt1", "opt2", "opt3"],
                EnumNames = ["Option One", "Option Two", "Option Three"],
            },
            ["untitledMulti"] = new ElicitRequestParams.UntitledMultiSelectEnumSchema
            {
                Items = new ElicitRequestParams.UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
            },
            ["titledMulti"] = new ElicitRequestParams.TitledMultiSelectEnumSchema
            {
                Items = new ElicitRequestParams.TitledEnumItemsSchema
                {
                    AnyOf = [Option("value1", "First Choice"), Option("value2", "Second Choice"), Option("value3", "Third Choice")],
                },
            },
        }, cancellationToken);

    [McpServerTool(Name = "test_reconnection"), Description("Closes its SSE stream mid-call; the client polls for the result (SEP-1699).")]
    public static async Task<string> ReconnectionAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        await context.EnablePollingAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
        await Task.Delay(100, cancellationToken);
        return "Reconnection test completed successfully";
    }

    /// <summary>A tool whose input schema uses JSON Schema 2020-12 keywords, which must reach clients unchanged.</summary>
    public static McpServerTool JsonSchema202012Tool()
    {
        var tool = McpServerTool.Create(
            (string? name) => $"Hello, {name ?? "nobody"}",
            new McpServerToolCreateOptions { Name = "json_schema_2020_12_tool", Description = "Tool with JSON Schema 2020-12 features" });
        tool.ProtocolTool.InputSchema = JsonDocument.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "$defs": {
                "address": { "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } } }
              },
              "properties": { "name": { "type": "string" }, "address": { "$ref": "#/$defs/address" } },
              "additionalProperties": false
            }
            """).RootElement.Clone();
        return tool;
    }

    private static ElicitRequestParams.EnumSchemaOption Option(string value, string title) => new() { Const = value, Title = title };

    private static async Task<string> ElicitFormAsync(
        McpServer server, string message, Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> properties, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(
            new ElicitRequestParams { Message = message, RequestedSchema = new ElicitRequestParams.RequestSchema { Properties = properties } },
            cancellationToken);
        return $"Elicitation completed: action={result.Action}, content={JsonSerializer.Serialize(result.Content)}";
    }
}
