using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Chat;

/// <summary>Refuses, at start, chat settings and model entries the chat surfaces cannot serve; each message names the setting.</summary>
internal sealed class ChatSettingsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        const string root = GatewayOptions.SectionName;
        if (options.Chat.MaxToolRounds is < 1 or > 50)
        {
            errors.Add($"{root}:Chat:MaxToolRounds must be between 1 and 50.");
        }

        if (options.Chat.ProviderTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{root}:Chat:ProviderTimeout must be positive.");
        }

        foreach (var (id, model) in options.Models)
        {
            if (model.ApiBase is { Length: > 0 } apiBase
                && (!Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{root}:Models:{id}:ApiBase must be an absolute http or https URL.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
