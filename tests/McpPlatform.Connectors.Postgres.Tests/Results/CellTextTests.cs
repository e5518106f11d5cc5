using System.Text;
using McpPlatform.Connectors.Postgres.Results;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

public sealed class CellTextTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Theory]
    [InlineData("José García")]
    [InlineData("東京 太郎")]
    [InlineData("Zoë O'Brien")]
    [InlineData("<b>Tom & Jerry</b> +1")]
    [InlineData("a,b;c|d")]
    [InlineData("C:\\temp\\new")]
    [InlineData("say \"hi\"")]
    [InlineData("😀 👨‍👩‍👧")]
    [InlineData("{\"a\":[1,2]}")]
    public void Append_EverydayText_IsVerbatim(string value)
    {
        Assert.Equal(value, Cell(value));
    }

    [Theory]
    [InlineData(null, "NULL")]
    [InlineData("NULL", "\"NULL\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("", "\"\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("\"quoted\" first", "\"\\\"quoted\\\" first\"")]
    [InlineData("line 1\nline 2\ttab", "\"line 1\\nline 2\\ttab\"")]
    [InlineData("back\\slash\r\n", "\"back\\\\slash\\r\\n\"")]
    [InlineData("bell\u0007 nel\u0085 ls\u2028", "\"bell\\u0007 nel\\u0085 ls\\u2028\"")]
    public void Append_ValueThatCouldBeMisread_IsAJsonString(string? value, string expected)
    {
        Assert.Equal(expected, Cell(value));
    }

    [Fact]
    public void Append_LoneSurrogate_IsEscaped()
    {
        // Built at run time: an attribute argument cannot hold a lone surrogate (it is stored as UTF-8).
        var value = "lone " + (char)0xD800 + " high, lone " + (char)0xDC00 + " low";

        Assert.Equal("\"lone \\uD800 high, lone \\uDC00 low\"", Cell(value));
    }

    [Fact]
    public void Append_HardValues_ReadBackAsTheyWere()
    {
        // Property: for any string (and NULL), reading the cell back by the documented rule gives the value, and the
        // cell holds no tab or line break (one row is one line) and only text UTF-8 can carry.
        var values = new HardValues(seed: 20261202);
        for (var i = 0; i < 20_000; i++)
        {
            var value = values.Next();

            var cell = Cell(value);

            Assert.Equal(value, TableText.Cell(cell));
            Assert.DoesNotContain(cell, c => c is '\t' or '\n' or '\r' or '\u2028' or '\u2029' or '\u0085');
            StrictUtf8.GetBytes(cell); // throws on a lone surrogate
        }
    }

    private static string Cell(string? value)
    {
        var text = new StringBuilder();
        CellText.Append(text, value);
        return text.ToString();
    }
}
