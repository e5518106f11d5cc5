using System.Collections;
using System.Diagnostics;

namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>
/// The spans an in-memory exporter hands over, safe to read while the gateway still exports (the exporter adds from
/// the thread that ends a span, without a lock of its own); <see cref="WaitForAsync"/> waits until the spans a test
/// expects have ended (a request's server span ends after its answer reached the client).
/// </summary>
internal sealed class ExportedSpans : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public int Count
    {
        get
        {
            lock (spans)
            {
                return spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public Activity[] Snapshot()
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    public async Task<Activity[]> WaitForAsync(Func<Activity[], bool> ready)
    {
        for (var started = Stopwatch.StartNew(); ; await Task.Delay(20))
        {
            var all = Snapshot();
            if (ready(all) || started.Elapsed > TimeSpan.FromSeconds(10))
            {
                return all;
            }
        }
    }

    public void Add(Activity item)
    {
        lock (spans)
        {
            spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (spans)
        {
            spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (spans)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
