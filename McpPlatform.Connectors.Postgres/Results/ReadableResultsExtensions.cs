using McpPlatform.Connectors.Postgres.Results;
using ModelContextProtocol.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Tool results whose text a model reads cheaply and without misreading (docs/postgres-connector.md).</summary>
internal static class ReadableResultsExtensions
{
    /// <summary>
    /// Every successful tool result with structured content gets, as its text content, that content written for a
    /// model (<see cref="ResultText"/>) instead of the SDK's JSON of it (which escapes every non-ASCII character).
    /// The structured content, the typed JSON for programs, is left as the tool made it; errors keep their message.
    /// </summary>
    public static IMcpServerBuilder WithReadableToolResults(this IMcpServerBuilder builder) =>
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, cancellationToken) =>
        {
            var result = await next(context, cancellationToken);
            if (result.IsError != true && result.StructuredContent is { } structured)
            {
                result.Content = [new TextContentBlock { Text = ResultText.Render(structured) }];
            }

            return result;
        }));
}
