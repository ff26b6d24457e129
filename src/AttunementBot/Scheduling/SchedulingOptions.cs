using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AttunementBot.Scheduling;

/// <summary>The "Scheduling" section of appsettings.json.</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>False stops the background scheduler (commands still work); for a second instance, or tools.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A run missed while the bot was down still fires once on start-up if it is at most this old.</summary>
    public TimeSpan MissedRunGrace { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After an unanswered prompt, the one gentle reminder comes this much later.</summary>
    public TimeSpan ReminderDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>"Remind me in N minutes": the button says N from here.</summary>
    public TimeSpan SnoozeDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a schedule is looked at even when none of its known recipients is due, so a new group
    /// member or a changed time zone is picked up well within <see cref="MissedRunGrace"/>.
    /// </summary>
    public TimeSpan RecipientRefresh { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts for one message when the channel answers 5xx or cannot be reached.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First wait after a 5xx; it doubles each attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages in flight at once (the limits below still hold; this only hides the channel's latency).</summary>
    [Range(1, 64)]
    public int MaxConcurrentSends { get; set; } = 8;

    /// <summary>Teams: per bot per conversation, 7 messages a second.</summary>
    [Range(1, 1000)]
    public int ConversationPerSecond { get; set; } = 7;

    /// <summary>Teams: per bot per conversation, 8 messages in 2 seconds.</summary>
    [Range(1, 1000)]
    public int ConversationPer2Seconds { get; set; } = 8;

    /// <summary>Teams: per bot per conversation, 60 messages in 30 seconds.</summary>
    [Range(1, 10000)]
    public int ConversationPer30Seconds { get; set; } = 60;

    /// <summary>Teams: per bot per conversation, 1800 messages an hour.</summary>
    [Range(1, 100000)]
    public int ConversationPerHour { get; set; } = 1800;

    /// <summary>Teams: about 30 messages a second per app across a tenant.</summary>
    [Range(1, 1000)]
    public int AppPerSecond { get; set; } = 30;
}

/// <summary>Checks what data annotations cannot: the durations, and that the limits nest sensibly.</summary>
public sealed class SchedulingOptionsValidation : IValidateOptions<SchedulingOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Between(failures, "MissedRunGrace", options.MissedRunGrace, TimeSpan.Zero, TimeSpan.FromDays(1), "00:30:00");
        Between(failures, "ReminderDelay", options.ReminderDelay, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), "01:00:00");
        Between(failures, "SnoozeDelay", options.SnoozeDelay, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), "00:30:00");
        Between(failures, "RecipientRefresh", options.RecipientRefresh, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1), "00:15:00");
        Between(failures, "RetryBaseDelay", options.RetryBaseDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "00:00:02");
        Between(failures, "RetryMaxDelay", options.RetryMaxDelay, options.RetryBaseDelay, TimeSpan.FromHours(6), "00:05:00");
        if (options.ConversationPer2Seconds < options.ConversationPerSecond
            || options.ConversationPer30Seconds < options.ConversationPer2Seconds
            || options.ConversationPerHour < options.ConversationPer30Seconds)
        {
            failures.Add("Scheduling:ConversationPer* limits must not shrink as the window grows (Teams: 7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max, string example)
    {
        if (value < min || value > max)
        {
            failures.Add($"Scheduling:{setting} is {value}; use a duration between {min} and {max}, for example \"{example}\".");
        }
    }
}
