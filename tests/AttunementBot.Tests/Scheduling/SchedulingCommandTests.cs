using static AttunementBot.Tests.Scheduling.SchedulingHarness;

namespace AttunementBot.Tests.Scheduling;

/// <summary>Leads and clinicians setting up, listing and changing prompts, and their own settings.</summary>
public sealed class SchedulingCommandTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_clinician_schedules_for_themselves_and_gets_the_prompt_at_local_time()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "Europe/Berlin");

        var reply = await SayAsync(sam, "remind me weekdays at 17:30");
        await h.RunUntilAsync(Monday.AddHours(6));

        Assert.Contains("Done. I'll check in weekdays at 17:30, your local time (Berlin). The next one is Mon 2 Mar, 17:30.", reply, StringComparison.Ordinal);
        var prompts = h.PromptsTo(sam);
        Assert.Equal(2, prompts.Count);
        Assert.Equal("Time for a few minutes of reflection?", Title(prompts[0].Card));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 16, 30, 0, TimeSpan.Zero), prompts[0].At);
        Assert.Equal("A gentle reminder", Title(prompts[1].Card));
    }

    [Fact]
    public async Task Only_leads_schedule_for_others_and_a_clinician_is_refused_kindly()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", SchedulingHarness.LeadId);
        var sam = await h.PersonAsync("Sam Rivera", "America/New_York");
        var alex = await h.PersonAsync("Alex Kim", "UTC");

        var refused = await SayAsync(alex, "schedule daily at 9 for Sam Rivera");
        var created = await SayAsync(lead, "schedule every Tuesday and Thursday at 16:00 for Sam Rivera");
        var unknown = await SayAsync(lead, "schedule daily at 9 for Nobody Here");
        var unreadable = await SayAsync(lead, "schedule sometime soon for Sam Rivera");

        Assert.Contains("something team leads do", refused, StringComparison.Ordinal);
        Assert.Contains("remind me weekdays at 17:30", refused, StringComparison.Ordinal);
        Assert.Contains("I'll send Sam Rivera a short reflection prompt every Tuesday and Thursday at 16:00, Sam Rivera's local time (New York)", created, StringComparison.Ordinal);
        Assert.Contains("The next one is Tue 3 Mar, 16:00", created, StringComparison.Ordinal);
        Assert.Contains("I don't know anyone called \"Nobody Here\" yet", unknown, StringComparison.Ordinal);
        Assert.Contains("weekdays at 17:30", unreadable, StringComparison.Ordinal);
        Assert.Contains("no scheduled prompts yet", await SayAsync(alex, "schedules"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pause_resume_edit_and_delete_by_number()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", SchedulingHarness.LeadId);
        var sam = await h.PersonAsync("Sam Rivera", "Europe/London");
        await SayAsync(lead, "schedule weekdays at 17:30 for Sam Rivera");
        await SayAsync(lead, "schedule 0 9 * * 1 for Sam Rivera");

        await h.RunUntilAsync(Monday.AddHours(6));
        var list = await SayAsync(lead, "schedules");
        Assert.Contains("1. weekdays at 17:30 for Sam Rivera", list, StringComparison.Ordinal);
        Assert.Contains("Last: Mon 2 Mar, 17:30, reached Sam Rivera", list, StringComparison.Ordinal);
        Assert.Contains("Next: Tue 3 Mar, 17:30, Sam Rivera's local time (London)", list, StringComparison.Ordinal);
        Assert.Contains("2. cron 0 9 * * 1 for Sam Rivera", list, StringComparison.Ordinal);
        Assert.Contains("Not run yet", list, StringComparison.Ordinal);

        Assert.Contains("Schedule 1 is paused", await SayAsync(lead, "pause schedule 1"), StringComparison.Ordinal);
        await h.RunUntilAsync(Monday.AddDays(1).AddHours(6));
        Assert.Single(h.PromptsTo(sam), p => SchedulingHarness.Title(p.Card).StartsWith("Time", StringComparison.Ordinal));
        Assert.Contains("Paused", await SayAsync(lead, "schedules"), StringComparison.Ordinal);

        Assert.Contains("Schedule 1 is running again. The next prompt is Wed 4 Mar, 17:30, Sam Rivera's local time (London)", await SayAsync(lead, "resume schedule 1"), StringComparison.Ordinal);
        Assert.Contains("Schedule 1 now runs weekdays at 16:00. The next prompt is Wed 4 Mar, 16:00", await SayAsync(lead, "edit schedule 1 to weekdays at 16:00"), StringComparison.Ordinal);
        await h.RunUntilAsync(Monday.AddDays(2).AddHours(6));
        var wednesday = h.PromptsTo(sam).Where(p => SchedulingHarness.Title(p.Card).StartsWith("Time", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, wednesday.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 16, 0, 0, TimeSpan.Zero), wednesday[1].At);

        Assert.Contains("Schedule 2 is deleted", await SayAsync(lead, "delete schedule 2"), StringComparison.Ordinal);
        Assert.Contains("I couldn't find schedule 2", await SayAsync(lead, "pause schedule 2"), StringComparison.Ordinal);
        Assert.DoesNotContain("went wrong", await SayAsync(lead, "pause schedule ٣"), StringComparison.Ordinal);
        Assert.DoesNotContain("cron", await SayAsync(lead, "schedules"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_form_creates_a_schedule()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", SchedulingHarness.LeadId);
        await h.PersonAsync("Sam Rivera", "UTC");

        var form = AttunementBot.Tests.Infrastructure.CardReader.Last(await lead.SayAsync("new schedule"));
        var saved = await PressAsync(lead, form.Press("save", ("when", "mondays at 8:15am"), ("who", "Sam Rivera")));

        Assert.Contains("For whom", form.Text, StringComparison.Ordinal);
        Assert.Contains("every Monday at 08:15", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ordinary_sentences_are_not_taken_as_commands()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");

        var reply = await SayAsync(sam, "schedule is really full today");

        Assert.DoesNotContain("prompt", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_clinician_sets_time_zone_working_days_and_away()
    {
        await using var h = await SchedulingHarness.StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", null);

        Assert.Contains("I don't recognise \"Mars/Olympus\"", await SayAsync(sam, "set time zone Mars/Olympus"), StringComparison.Ordinal);
        Assert.Contains("Your time zone is now America/New_York", await SayAsync(sam, "set time zone America/New_York"), StringComparison.Ordinal);
        Assert.Contains("only on Mon, Tue, Thu", await SayAsync(sam, "set working days mon, tue, thu"), StringComparison.Ordinal);
        Assert.Contains("No prompts from Mon 9 Mar until Fri 13 Mar", await SayAsync(sam, "set away 2026-03-09 to 2026-03-13"), StringComparison.Ordinal);
        var settings = await SayAsync(sam, "my settings");
        Assert.Contains("America/New_York", settings, StringComparison.Ordinal);
        Assert.Contains("Mon 9 Mar", settings, StringComparison.Ordinal);
        Assert.Contains("Welcome back", await SayAsync(sam, "set away off"), StringComparison.Ordinal);
    }
}
