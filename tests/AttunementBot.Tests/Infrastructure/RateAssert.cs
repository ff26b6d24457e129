namespace AttunementBot.Tests.Infrastructure;

/// <summary>Teams' rate limits as a person would notice them broken: too many messages close together.</summary>
public static class RateAssert
{
    /// <summary>No <paramref name="window"/> of arrivals, starting at any of them, holds more than <paramref name="limit"/>.</summary>
    public static void AtMost(int limit, TimeSpan window, IEnumerable<DateTimeOffset> arrivals)
    {
        var times = arrivals.Order().ToList();
        for (var i = 0; i < times.Count; i++)
        {
            var inWindow = times.Skip(i).TakeWhile(t => t - times[i] < window).Count();
            Assert.True(inWindow <= limit, $"{inWindow} messages within {window} from {times[i]:O}");
        }
    }
}
