using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.IntegrationTests.ConformanceFixture;

/// <summary>The resources and the template the conformance suite's <c>resources-*</c> scenarios read.</summary>
[McpServerResourceType]
public sealed class ConformanceResources
{
    [McpServerResource(UriTemplate = "test://static-text", Name = "static-text", MimeType = "text/plain"), Description("A static text resource.")]
    public static string StaticText() => "This is the content of the static text resource.";

    [McpServerResource(UriTemplate = "test://static-binary", Name = "static-binary", MimeType = "image/png"), Description("A static binary resource.")]
    public static ResourceContents StaticBinary() => BlobResourceContents.FromBytes(ConformanceMedia.Png, "test://static-binary", "image/png");

    [McpServerResource(UriTemplate = "test://watched-resource", Name = "watched-resource", MimeType = "text/plain"), Description("A resource clients may subscribe to.")]
    public static string WatchedResource() => "Watched resource content.";

    [McpServerResource(UriTemplate = "test://template/{id}/data", Name = "template-data", MimeType = "application/json"), Description("Data for an id.")]
    public static ResourceContents TemplateData(string id) => new TextResourceContents
    {
        Uri = $"test://template/{id}/data",
        MimeType = "application/json",
        Text = System.Text.Json.JsonSerializer.Serialize(new { id, templateTest = true, data = $"Data for ID: {id}" }),
    };
}
