using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace McpPlatform.IntegrationTests;

/// <summary>The dev run's gateway is reachable from other machines on the LAN, with the Host checks still on.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayLanTests(PlatformFixture platform)
{
    [Fact]
    public async Task Gateway_ReachedThroughThisMachinesLanAddress_AnswersUnderAnAllowedHostName()
    {
        var lanAddress = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
        Assert.True(lanAddress is not null, "this machine has no LAN (non-loopback IPv4) address to test with");
        var port = platform.App.GetEndpoint("gateway", "http").Port;
        using var http = new HttpClient();

        using var allowed = new HttpRequestMessage(HttpMethod.Get, $"http://{lanAddress}:{port}/v1/models");
        allowed.Headers.Host = $"linuxserver.lan:{port}";
        allowed.Headers.Authorization = new("Bearer", PlatformFixture.ApiKey);
        using var foreign = new HttpRequestMessage(HttpMethod.Get, $"http://{lanAddress}:{port}/v1/models");
        foreign.Headers.Host = $"evil.example.com:{port}";
        foreign.Headers.Authorization = new("Bearer", PlatformFixture.ApiKey);

        using var served = await http.SendAsync(allowed);
        using var refused = await http.SendAsync(foreign);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // DNS-rebinding protection stays on
    }

    [Theory]
    [InlineData(null, "0.0.0.0")]
    [InlineData("Gateway:LocalhostOnly=true", "localhost")]
    public async Task GatewayEndpoint_ListensOnEveryInterfaceUnlessKeptLocal(string? setting, string targetHost)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.McpPlatform_AppHost>(setting is null ? [] : [setting]);

        var endpoint = builder.Resources.Single(resource => resource.Name == "gateway").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");

        Assert.Equal(targetHost, endpoint.TargetHost);
    }
}
