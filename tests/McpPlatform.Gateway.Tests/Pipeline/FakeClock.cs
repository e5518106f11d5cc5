using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Pipeline;

internal static class FakeClock
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Moves <paramref name="clock"/> in small steps, up to <paramref name="limit"/> of gateway time, until
    /// <paramref name="pending"/> ends, and hands back its result. One jump would race the request: a timer the gateway
    /// starts after the jump (the request was still on its way, as on a loaded machine) would never fire and the test
    /// would wait forever. Fails after 30 s of real time.
    /// </summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider clock, Task<T> pending, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        var started = TimeProvider.System.GetTimestamp();
        while (!pending.IsCompleted)
        {
            if (TimeProvider.System.GetElapsedTime(started) > GiveUp)
            {
                throw new TimeoutException($"Still waiting after {GiveUp.TotalSeconds:0} s real time and {moved.TotalSeconds:0.0} s gateway time.");
            }

            if (moved < limit)
            {
                clock.Advance(Step);
                moved += Step;
            }

            await Task.WhenAny(pending, Task.Delay(10));
        }

        return await pending;
    }
}
