namespace McpPlatform.IntegrationTests;

/// <summary>The committed aspire-manifest.json is what the AppHost's manifest publisher writes today.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task Manifest_RegeneratedByAppHost_MatchesCommittedCopyAndHasNoMachinePaths()
    {
        var committed = Path.Combine(RepositoryPaths.Root, "aspire-manifest.json");
        // Written beside the committed copy: the manifest's paths are relative to where it is written.
        var regenerated = Path.Combine(RepositoryPaths.Root, $"aspire-manifest.check-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await AppHostPublisher.PublishAsync("manifest", regenerated);
            Assert.True(exitCode == 0, output);

            var expected = await File.ReadAllTextAsync(committed);
            var actual = await File.ReadAllTextAsync(regenerated);
            Assert.True(
                expected.ReplaceLineEndings() == actual.ReplaceLineEndings(),
                "aspire-manifest.json is out of date: regenerate it with\n  dotnet run --project McpPlatform.AppHost -- --publisher manifest --output-path ../aspire-manifest.json");
            Assert.DoesNotContain(RepositoryPaths.Root, actual);
            Assert.DoesNotContain("/usr/lib/postgresql", actual);
            // Aspire adds ASP.NET Core's trust-every-sender switch to published projects; the AppHost takes it out again.
            Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED", actual);
        }
        finally
        {
            File.Delete(regenerated);
        }
    }
}
