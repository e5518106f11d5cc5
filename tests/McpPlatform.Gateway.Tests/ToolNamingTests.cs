using System.Text.RegularExpressions;
using McpPlatform.Gateway.Catalog;

namespace McpPlatform.Gateway.Tests;

public sealed partial class ToolNamingTests
{
    [Fact]
    public void Namespaced_ShortValidName_JoinsServerSeparatorAndTool()
    {
        Assert.Equal("postgres_main-execute_sql", ToolNaming.Namespaced("postgres_main", "execute_sql", "-"));
        Assert.Equal("db__list_schemas", ToolNaming.Namespaced("db", "list_schemas", "__"));
    }

    [Fact]
    public void Namespaced_LongName_IsCutTo64CharactersStablyAndStaysUnique()
    {
        var tool = new string('t', 80);

        var first = ToolNaming.Namespaced("postgres_main", tool, "-");
        var again = ToolNaming.Namespaced("postgres_main", tool, "-");
        var other = ToolNaming.Namespaced("postgres_main", tool + "x", "-");

        Assert.Equal(ToolNaming.MaxLength, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.StartsWith("postgres_main-ttt", first);
    }

    [Theory]
    [InlineData("get.weather")]
    [InlineData("get weather")]
    [InlineData("météo")]
    [InlineData("a/b:c")]
    public void Namespaced_CharactersClientsRefuse_AreReplacedAndNameStaysValid(string tool)
    {
        var name = ToolNaming.Namespaced("srv", tool, "-");

        Assert.Matches(ClientSafeName(), name);
    }

    [Fact]
    public void Namespaced_TwoToolsThatSanitizeAlike_GetDifferentNames()
    {
        var dotted = ToolNaming.Namespaced("srv", "a.b", "-");
        var underscored = ToolNaming.Namespaced("srv", "a_b", "-");

        Assert.Equal("srv-a_b", underscored);
        Assert.NotEqual(dotted, underscored);
        Assert.Matches(ClientSafeName(), dotted);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientSafeName();
}
