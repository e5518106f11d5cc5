using System.Text;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

/// <summary>
/// Values that break naive table text: separators, quotes, line breaks, backslashes, NULL look-alikes, empty and
/// blank strings, non-ASCII, invisible and control characters, surrogate pairs and lone surrogates, very long text.
/// Drawn from a seeded <see cref="Random"/>, so a failure repeats.
/// </summary>
internal sealed class HardValues(int seed)
{
    private static readonly string[] Fragments =
    [
        "\t", "\n", "\r", "\r\n", "\\", "\\N", "\\t", "\"", "\"\"", "'", ",", ";", "|", ":", " ", "  ", "\u00A0", "\u3000",
        "NULL", "null", "Null", "", "a", "abc", "José García", "東京 太郎", "Zoë O'Brien", "😀", "👨‍👩‍👧", "<script>", "&amp;", "+1",
        "123", "-1.5", "1e308", "true", "{\"a\":1}", "[1,2]", "\u2028", "\u2029", "\u0085", "\u007F", "\u0000", "\u0001", "\b",
        "\f", "\u001B[31m", "\u200B", "\uFEFF", "\u202E", "x\u0301",
    ];

    private static readonly string[] LoneSurrogates = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF"];

    private readonly Random random = new(seed);

    /// <summary>A string, or null about one time in seven when <paramref name="allowNull"/>.</summary>
    public string? Next(bool allowNull = true, bool loneSurrogates = true)
    {
        if (allowNull && random.Next(7) == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        var count = random.Next(0, 7);
        for (var i = 0; i < count; i++)
        {
            text.Append(loneSurrogates && random.Next(12) == 0 ? LoneSurrogates[random.Next(LoneSurrogates.Length)] : Fragments[random.Next(Fragments.Length)]);
        }

        if (random.Next(50) == 0)
        {
            // Very long text: tens of kilobytes of one fragment after what was drawn.
            text.Insert(text.Length, Fragments[random.Next(Fragments.Length)], 20_000);
        }

        return text.ToString();
    }

    public int Count(int min, int max) => random.Next(min, max + 1);
}
