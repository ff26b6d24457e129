using AttunementBot.Benchmarks.CareNotes;
using AttunementBot.Benchmarks.Deidentification;
using AttunementBot.Benchmarks.Fanout;
using AttunementBot.Benchmarks.Micro;
using AttunementBot.Benchmarks.Reporting;
using AttunementBot.Benchmarks.ScaleOut;
using AttunementBot.Benchmarks.Trends;
using AttunementBot.Benchmarks.Turns;

namespace AttunementBot.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (all of them by default), prints each one's figures and
/// merges them into results/latest.md and results/latest.json. See <see cref="RunOptions"/> for the options.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        // Internal modes: the servers the turns benchmark compares the bot with, each in a process of its own.
        if (args.Length > 0 && args[0] == EchoServer.Mode)
        {
            await EchoServer.RunAsync(args[1..]);
            return 0;
        }

        if (args.Length > 0 && args[0] == FloorServer.Mode)
        {
            await FloorServer.RunAsync(args[1..]);
            return 0;
        }

        if (args.Length > 0 && args[0] == ProxyServer.Mode)
        {
            await ProxyServer.RunAsync(args[1..]);
            return 0;
        }

        RunOptions options;
        try
        {
            options = RunOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(RunOptions.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(RunOptions.Usage);
            return 0;
        }

        var machine = MachineInfo.Describe();
        Console.WriteLine($"Machine: {machine}");
        var results = new ResultsStore(options.ResultsFolder, machine);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        foreach (var name in options.Benchmarks)
        {
            Console.WriteLine();
            Console.WriteLine($"=== {name} ===");
            BenchmarkSection? section = name switch
            {
                "turns" => await TurnsBenchmark.RunAsync(options, stop.Token),
                "fanout" => await FanoutBenchmark.RunAsync(options, stop.Token),
                "cards" => MicroBenchmarks.RunCards(options),
                "storage" => MicroBenchmarks.RunStorage(options),
                "history" => MicroBenchmarks.RunHistory(options),
                "carenotes" => CareNotesBenchmark.Run(options),
                "deidentification" => DeidentificationBenchmark.Run(options),
                "trends" => await TrendsBenchmark.RunAsync(stop.Token),
                "scaleout" => await ScaleOutBenchmark.RunAsync(options, stop.Token),
                _ => throw new InvalidOperationException($"Unknown benchmark '{name}'."),
            };
            if (section is null)
            {
                continue; // It said why it did not run; the results it saved last time stay.
            }

            Console.WriteLine();
            Console.WriteLine(section.Markdown);
            results.Save(section);
        }

        Console.WriteLine();
        Console.WriteLine($"Results written to {results.MarkdownPath} and {results.JsonPath}");
        return 0;
    }
}
