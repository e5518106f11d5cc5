using McpPlatform.Gateway.Catalog;

namespace McpPlatform.Gateway.Tests;

public sealed class UriTemplatePatternTests
{
    [Theory]
    [InlineData("postgres://{database}/{schema}/{table}", "postgres://maindb/demo/customers", true)]
    [InlineData("postgres://{database}/{schema}/{table}", "postgres://maindb", false)]
    [InlineData("postgres://{database}/secrets/{name}", "postgres://maindb/demo/customers", false)]
    [InlineData("postgres://{database}/secrets/{name}", "postgres://maindb/secrets/x", true)]
    [InlineData("test://static/resource/{id}", "test://static/resource/1", true)]
    [InlineData("test://static/resource/{id}", "test://other/resource/1", false)]
    [InlineData("file:///{+path}.txt", "file:///a/b.txt", true)]
    [InlineData("file:///{+path}.txt", "file:///a/b.txt.gz", false)]
    [InlineData("fixture://counter", "fixture://counter", true)]
    [InlineData("fixture://counter", "fixture://counter2", false)]
    [InlineData("a{x}{y}b", "ab", true)]
    [InlineData("ab{x}ba", "aba", false)]
    public void Covers_ReadsTheTemplateAsAGlob(string template, string uri, bool expected)
    {
        Assert.Equal(expected, UriTemplatePattern.Covers(template, uri, StringComparison.Ordinal));
    }

    [Fact]
    public void VariableNames_ReadsEveryExpressionForm()
    {
        var names = UriTemplatePattern.VariableNames("x://{database}/{+path}{?a,b*}{#frag:3}");

        Assert.Equal(["a", "b", "database", "frag", "path"], names.Order());
    }

    [Fact]
    public void LiteralPrefix_IsTheTextBeforeTheFirstExpression()
    {
        Assert.Equal("postgres://", UriTemplatePattern.LiteralPrefix("postgres://{database}/{schema}/{table}"));
        Assert.Equal("fixture://counter", UriTemplatePattern.LiteralPrefix("fixture://counter"));
    }
}
