using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Storage;

/// <summary>Start-time validation of an options class from its own list of errors, each naming its setting.</summary>
internal sealed class SettingsValidator<TOptions>(Func<TOptions, IEnumerable<string>> errors) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = errors(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
