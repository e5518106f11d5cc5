using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.IntegrationTests.ConformanceFixture;

/// <summary>The prompts the conformance suite's <c>prompts-*</c> scenarios get, and completion of their arguments.</summary>
[McpServerPromptType]
public sealed class ConformancePrompts
{
    private static readonly string[] Suggestions = ["paris", "park", "party", "hello", "help", "world"];

    [McpServerPrompt(Name = "test_simple_prompt"), Description("A prompt without arguments.")]
    public static string SimplePrompt() => "This is a simple prompt for testing.";

    [McpServerPrompt(Name = "test_prompt_with_arguments"), Description("A prompt with two arguments.")]
    public static string PromptWithArguments([Description("First test argument")] string arg1, [Description("Second test argument")] string arg2) =>
        $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'";

    [McpServerPrompt(Name = "test_prompt_with_embedded_resource"), Description("A prompt that embeds a resource.")]
    public static IEnumerable<PromptMessage> PromptWithEmbeddedResource([Description("URI of the resource to embed")] string resourceUri) =>
    [
        new PromptMessage
        {
            Role = Role.User,
            Content = new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." } },
        },
        new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Please process the embedded resource above." } },
    ];

    [McpServerPrompt(Name = "test_prompt_with_image"), Description("A prompt with an image.")]
    public static IEnumerable<PromptMessage> PromptWithImage() =>
    [
        new PromptMessage { Role = Role.User, Content = ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png") },
        new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = "Please analyze the image above." } },
    ];

    /// <summary>Suggestions that start with what was typed, for any prompt or template argument.</summary>
    public static CompleteResult Complete(CompleteRequestParams? request)
    {
        var typed = request?.Argument.Value ?? string.Empty;
        var values = Suggestions.Where(value => value.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return new CompleteResult { Completion = new Completion { Values = values, Total = values.Count, HasMore = false } };
    }
}
