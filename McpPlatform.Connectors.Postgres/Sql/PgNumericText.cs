using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>
/// Decodes PostgreSQL's binary <c>numeric</c> into its exact decimal text, for values beyond .NET's decimal
/// (28-29 significant digits): no digit is lost, however long the number.
/// </summary>
public static class PgNumericText
{
    private const ushort Negative = 0x4000;
    private const ushort NaN = 0xC000;
    private const ushort PositiveInfinity = 0xD000;
    private const ushort NegativeInfinity = 0xF000;

    /// <summary>The value's text: digits with an optional sign and point, or NaN / Infinity / -Infinity.</summary>
    public static string Decode(ReadOnlySpan<byte> binary)
    {
        if (binary.Length < 8)
        {
            throw new FormatException("A binary numeric has at least 8 bytes.");
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(binary);
        var weight = BinaryPrimitives.ReadInt16BigEndian(binary[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(binary[4..]);
        var scale = BinaryPrimitives.ReadUInt16BigEndian(binary[6..]);
        switch (sign)
        {
            case NaN:
                return "NaN";
            case PositiveInfinity:
                return "Infinity";
            case NegativeInfinity:
                return "-Infinity";
        }

        if (binary.Length < 8 + (2 * count))
        {
            throw new FormatException("The binary numeric is shorter than its digit count says.");
        }

        var digits = new short[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = BinaryPrimitives.ReadInt16BigEndian(binary[(8 + (2 * i))..]);
        }

        short Group(int index) => index >= 0 && index < count ? digits[index] : (short)0;

        var text = new StringBuilder();
        if (sign == Negative)
        {
            text.Append('-');
        }

        if (weight < 0)
        {
            text.Append('0');
        }
        else
        {
            text.Append(Group(0).ToString(CultureInfo.InvariantCulture));
            for (var i = 1; i <= weight; i++)
            {
                text.Append(Group(i).ToString("D4", CultureInfo.InvariantCulture));
            }
        }

        if (scale > 0)
        {
            var fraction = new StringBuilder();
            for (var i = weight + 1; fraction.Length < scale; i++)
            {
                fraction.Append(Group(i).ToString("D4", CultureInfo.InvariantCulture));
            }

            text.Append('.').Append(fraction.ToString(0, scale));
        }

        return text.ToString();
    }
}
