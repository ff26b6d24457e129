using System.ComponentModel.DataAnnotations;

namespace AttunementBot.Bot;

/// <summary>The "Delivery" section of appsettings.json: how the turn's replies reach the channel.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>
    /// How long the inbound request waits for its replies' first delivery attempt. Teams sends an activity again
    /// after about 15 seconds without an answer; the replies are safe in the outbox either way.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:12", ErrorMessage = "Delivery:ReplyWait must be between 00:00:00 and 00:00:12; 00:00:08 is a good default.")]
    public TimeSpan ReplyWait { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one call to the channel may take before it counts as failed (and is tried again later).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Delivery:AttemptTimeout must be between 00:00:00.100 and 00:01:00; 00:00:10 is a good default.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for a reply the channel refuses with 5xx, 429 or a time-out, before it is recorded as undelivered.</summary>
    [Range(1, 50, ErrorMessage = "Delivery:MaxAttempts must be between 1 and 50; 6 is a good default.")]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first wait after a 5xx or a time-out; it doubles with each attempt, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Delivery:RetryBaseDelay must be between 00:00:00.010 and 00:10:00; 00:00:02 is a good default.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Delivery:RetryMaxDelay must be between 00:00:00.010 and 01:00:00; 00:02:00 is a good default.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);
}
