using System.Globalization;

namespace AttunementBot.Benchmarks.Reporting;

/// <summary>
/// How busy the whole machine was (Linux: /proc/stat and /proc/loadavg), so a reader can tell a quiet run
/// from a noisy one. Elsewhere every figure is NaN.
/// </summary>
public readonly record struct MachineLoad(long BusyTicks, long StealTicks, long AllTicks, int Cpus)
{
    public static MachineLoad Now()
    {
        const string file = "/proc/stat";
        if (!File.Exists(file))
        {
            return new MachineLoad(0, 0, 0, 0);
        }

        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
        var lines = File.ReadAllLines(file);
        var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();

        // The first line sums every CPU the kernel shows, which in a container can be more than this process may use.
        var cpus = lines.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]));
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        var steal = fields.Length > 7 ? fields[7] : 0;
        return new MachineLoad(busy, steal, busy + steal + fields[3] + fields[4], cpus);
    }

    /// <summary>The 1-minute load average (runnable and waiting tasks), NaN where there is none.</summary>
    public static double LoadAverage()
    {
        const string file = "/proc/loadavg";
        return File.Exists(file)
            ? double.Parse(File.ReadAllText(file).Split(' ')[0], CultureInfo.InvariantCulture)
            : double.NaN;
    }

    /// <summary>Cores (of <see cref="Cpus"/>) busy on average since <paramref name="earlier"/>, and cores taken by the hypervisor (steal).</summary>
    public (double Busy, double Steal) CoresSince(MachineLoad earlier)
    {
        var all = AllTicks - earlier.AllTicks;
        if (all <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var cores = Cpus;
        return ((BusyTicks - earlier.BusyTicks) * cores / (double)all, (StealTicks - earlier.StealTicks) * cores / (double)all);
    }
}
