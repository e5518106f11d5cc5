using McpPlatform.Connectors.Postgres.Access;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class ConnectorAccessOptionsValidatorTests
{
    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", "")]
    [InlineData("Staging", null)]
    public void Validate_NoSecretOutsideDevelopment_FailsNamingTheSetting(string environment, string? secret)
    {
        var result = Validate(environment, secret);

        Assert.True(result.Failed);
        Assert.Contains("Connector:Secret is not set", result.FailureMessage);
        Assert.Contains("Connector__Secret", result.FailureMessage);
    }

    [Fact]
    public void Validate_NoSecretInDevelopment_Succeeds() =>
        Assert.True(Validate(Environments.Development, null).Succeeded);

    [Theory]
    [InlineData("short-secret")]
    [InlineData(" connector-secret-with-space")]
    [InlineData("connector-secret-with-space ")]
    public void Validate_UnusableSecret_FailsInEveryEnvironment(string secret)
    {
        foreach (var environment in (string[])[Environments.Development, Environments.Production])
        {
            var result = Validate(environment, secret);

            Assert.True(result.Failed);
            Assert.Contains("Connector:Secret must be at least 16 characters", result.FailureMessage);
            Assert.DoesNotContain(secret.Trim(), result.FailureMessage);
        }
    }

    [Fact]
    public void Validate_LongSecretInProduction_Succeeds() =>
        Assert.True(Validate(Environments.Production, "a-long-enough-connector-secret").Succeeded);

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, string? secret) =>
        new ConnectorAccessOptionsValidator(new Environment(environment)).Validate(null, new ConnectorAccessOptions { Secret = secret });

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "McpPlatform.Connectors.Postgres";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
