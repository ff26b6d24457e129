using System.Globalization;
using System.Runtime.InteropServices;

namespace AttunementBot.Benchmarks.Reporting;

/// <summary>The machine the figures came from: numbers mean little without it.</summary>
public sealed record MachineInfo(int Cores, string Memory, string Cpu, string Os, string Runtime)
{
    public static MachineInfo Describe() => new(
        Environment.ProcessorCount,
        TotalMemory(),
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    public override string ToString() => $"{Cores} cores ({Cpu}), {Memory} RAM, {Os}, {Runtime}";

    private static string CpuModel()
    {
        const string file = "/proc/cpuinfo";
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string TotalMemory()
    {
        const string file = "/proc/meminfo";
        var line = File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        var bytes = line is null
            ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F1} GiB");
    }
}
