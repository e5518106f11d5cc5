namespace McpPlatform.IntegrationTests.ConformanceFixture;

/// <summary>The smallest valid media the conformance scenarios ask for.</summary>
internal static class ConformanceMedia
{
    /// <summary>A 1×1 red PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>A WAV file: 8 kHz, 8-bit mono, 8 samples of silence.</summary>
    public static readonly byte[] Wav = CreateWav(samples: 8);

    private static byte[] CreateWav(int samples)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + samples);
            writer.Write("WAVEfmt "u8);
            writer.Write(16);               // fmt chunk size
            writer.Write((short)1);         // PCM
            writer.Write((short)1);         // mono
            writer.Write(8000);             // sample rate
            writer.Write(8000);             // byte rate
            writer.Write((short)1);         // block align
            writer.Write((short)8);         // bits per sample
            writer.Write("data"u8);
            writer.Write(samples);
            writer.Write(Enumerable.Repeat((byte)128, samples).ToArray());
        }

        return stream.ToArray();
    }
}
