namespace McpPlatform.IntegrationTests;

/// <summary>Publishes deployment files from the AppHost and compares them with the committed copy, so drift is caught.</summary>
internal static class PublishedTree
{
    public static async Task AssertMatchesCommittedAsync(string publisher, string committed)
    {
        // A sibling of the committed directory: relative build contexts and mounts come out the same.
        var check = Path.Combine(Path.GetDirectoryName(committed)!, $".check-{publisher}-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, output) = await AppHostPublisher.PublishAsync(publisher, check);

            Assert.True(exitCode == 0, output);
            var expected = Files(committed);
            var actual = Files(check);
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var (path, content) in expected)
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, committed).Replace('\\', '/');
                Assert.True(
                    content == actual[path],
                    $"{relative}/{path} is out of date: publish again with\n  dotnet run --project McpPlatform.AppHost -- --publisher {publisher} --output-path ../{relative}");
            }
        }
        finally
        {
            if (Directory.Exists(check))
            {
                Directory.Delete(check, recursive: true);
            }
        }
    }

    public static Dictionary<string, string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
}
