using System.Diagnostics;
using System.Net;
using AttunementBot.Benchmarks.Reporting;

namespace AttunementBot.Benchmarks.Turns;

/// <summary>What one load phase did.</summary>
public sealed record LoadResult(int Turns, int Errors, int Unexpected, int Reflections, TimeSpan Elapsed, Latencies Latencies, string? FirstProblem)
{
    public double TurnsPerSecond => Turns / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load: <c>clinicians</c> people at once, each sending their next typed answer as soon as the bot
/// has replied to the last one, until the time is up (or a turn budget is spent). Each person has their own
/// user and conversation. Every reply is checked against the script, so a fast wrong answer does not count.
/// </summary>
public sealed class ClinicianLoad(HttpClient http, string channelId, IReadOnlyList<ScriptedTurn> script)
{
    private int _turns;
    private int _errors;
    private int _unexpected;
    private int _reflections;
    private string? _firstProblem;

    /// <param name="prefix">Prefix of user and conversation ids: the same prefix continues the same conversations.</param>
    /// <param name="people">How many people in all.</param>
    /// <param name="concurrency">How many of them talk at once (a person talks until done, then the next starts).</param>
    /// <param name="duration">Nobody starts another turn after this.</param>
    /// <param name="turnsPerPerson">Stop each person after this many turns (0: until the time is up).</param>
    public static async Task<LoadResult> RunAsync(
        HttpClient http, string channelId, IReadOnlyList<ScriptedTurn> script, string prefix, int people, int concurrency, TimeSpan duration, int turnsPerPerson, CancellationToken cancellationToken)
    {
        var load = new ClinicianLoad(http, channelId, script);
        var latencies = new Latencies();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, people),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) => latencies.AddRange(await load.PersonAsync($"{prefix}-{i}", watch, duration, turnsPerPerson, token)));
        watch.Stop();
        return new LoadResult(load._turns, load._errors, load._unexpected, load._reflections, watch.Elapsed, latencies, load._firstProblem);
    }

    private async Task<List<long>> PersonAsync(string id, Stopwatch clock, TimeSpan deadline, int turnsPerPerson, CancellationToken cancellationToken)
    {
        var ticks = new List<long>(1024);
        var user = "user-" + id;
        var conversation = "a:conv-" + id;
        for (var n = 0; (turnsPerPerson == 0 || n < turnsPerPerson) && clock.Elapsed < deadline && !cancellationToken.IsCancellationRequested; n++)
        {
            var turn = script[n % script.Count];
            var (ok, body) = await SendAsync(user, conversation, turn.Text, turn, ticks, cancellationToken);
            // The detour may take a few answers (a follow-up asks one question for each thing carried in).
            for (var d = 0; d < 4 && ok && turn.DetoursAt(body); d++)
            {
                (ok, body) = await SendAsync(user, conversation, turn.Detour!.Text, turn, ticks, cancellationToken);
            }

            if (!ok)
            {
                continue;
            }

            if (!turn.Matches(body))
            {
                Interlocked.Increment(ref _unexpected);
                Interlocked.CompareExchange(ref _firstProblem, $"'{turn.Text}': expected {turn.Expect}, got {body[..Math.Min(body.Length, 300)]}", null);
            }
            else if (turn.CompletesReflection)
            {
                Interlocked.Increment(ref _reflections);
            }
        }

        return ticks;
    }

    /// <returns>Whether the bot answered 200, and the body.</returns>
    private async Task<(bool Ok, string Body)> SendAsync(string user, string conversation, string text, ScriptedTurn turn, List<long> ticks, CancellationToken cancellationToken)
    {
        using var content = BotActivity.Message(channelId, user, conversation, text);
        var started = Stopwatch.GetTimestamp();
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await http.PostAsync(new Uri("api/messages", UriKind.Relative), content, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            status = response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstProblem, $"'{text}': {ex.GetType().Name} {ex.Message}", null);
            return (false, string.Empty);
        }

        ticks.Add(Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _turns);
        if (status != HttpStatusCode.OK)
        {
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstProblem, $"'{turn.Text}': HTTP {(int)status}", null);
            return (false, body);
        }

        return (true, body);
    }
}
