using System.Diagnostics;

namespace AttunementBot.Benchmarks.Reporting;

/// <summary>Turn latencies (Stopwatch ticks), summarised as percentiles in milliseconds.</summary>
public sealed class Latencies
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void AddRange(IEnumerable<long> ticks)
    {
        lock (_ticks)
        {
            _ticks.AddRange(ticks);
        }
    }

    public void AddRange(Latencies other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long[] ticks;
        lock (other._ticks)
        {
            ticks = [.. other._ticks];
        }

        AddRange(ticks);
    }

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double p)
    {
        lock (_ticks)
        {
            if (_ticks.Count == 0)
            {
                return double.NaN;
            }

            _ticks.Sort();
            var rank = (int)Math.Ceiling(p / 100 * _ticks.Count) - 1;
            return _ticks[Math.Clamp(rank, 0, _ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
        }
    }

    public double Mean()
    {
        lock (_ticks)
        {
            return _ticks.Count == 0 ? double.NaN : _ticks.Average() * 1000.0 / Stopwatch.Frequency;
        }
    }
}
