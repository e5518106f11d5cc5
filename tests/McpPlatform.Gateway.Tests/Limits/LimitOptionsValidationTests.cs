using McpPlatform.Gateway.Configuration;

namespace McpPlatform.Gateway.Tests.Limits;

public sealed class LimitOptionsValidationTests
{
    private readonly GatewayOptionsValidator validator = new();

    [Fact]
    public void Validate_ZeroLimit_FailsNamingTheSetting()
    {
        var options = TestOptions.Create();
        options.Limits.MaxPendingCallsPerKey = 0;

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Limits:MaxPendingCallsPerKey", result.FailureMessage);
    }

    [Fact]
    public void Validate_NegativeLimitOfOneKey_FailsNamingTheKeysSetting()
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].Limits.MaxSessions = -1;

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:local-user:Limits:MaxSessions", result.FailureMessage);
    }

    [Fact]
    public void Validate_SessionIdleTimeoutOfZero_Fails()
    {
        var options = TestOptions.Create();
        options.Limits.SessionIdleTimeout = TimeSpan.Zero;

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Limits:SessionIdleTimeout", result.FailureMessage);
    }
}
