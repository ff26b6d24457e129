using AttunementBot.Scheduling;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static AttunementBot.Tests.Scheduling.SchedulingHarness;

namespace AttunementBot.Tests.Scheduling;

/// <summary>What a lead sees: the form's pickers, the list's buttons, local times, honest counts and words.</summary>
public sealed class SchedulingLeadUxTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_form_has_a_time_day_boxes_and_a_picker_of_people_and_groups_and_saving_it_schedules()
    {
        var group = new FixedGroup("Trauma Team");
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        var sam = await h.PersonAsync("Sam Rivera", "Europe/London");
        await h.PersonAsync("Alex Kim", "UTC");
        group.Keys.Add(Key(sam));

        var form = CardReader.Last(await lead.SayAsync("new schedule"));
        var inputs = form.Json.Descendants().OfType<JObject>().Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).ToList();
        Assert.Equal("Input.Time", (string?)inputs.Single(i => (string?)i["id"] == "time")["type"]);
        var days = inputs.Single(i => (string?)i["id"] == "days");
        Assert.True((bool)days["isMultiSelect"]!);
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], days["choices"]!.Select(c => (string)c["title"]!));
        var who = inputs.Single(i => (string?)i["id"] == "who");
        var choices = who["choices"]!.ToDictionary(c => (string)c["title"]!, c => (string)c["value"]!);
        Assert.Equal(["Me", "Group: Trauma Team", "Alex Kim", "Sam Rivera"], choices.Keys);
        Assert.Equal("scheduling.people", (string?)who["choices.data"]?["dataset"]); // Teams: the typeahead

        var saved = await PressAsync(lead, form.Press("save", ("time", "16:15"), ("days", "2,4"), ("who", choices["Sam Rivera"])));
        Assert.Contains("I'll send Sam Rivera a short reflection prompt every Tuesday and Thursday at 16:15, Sam Rivera's local time (London)", saved, StringComparison.Ordinal);

        var forGroup = await PressAsync(lead, form.Press("save", ("time", "09:00"), ("days", "1,2,3,4,5"), ("who", "group:Trauma Team")));
        Assert.Contains("group Trauma Team a short reflection prompt weekdays at 09:00, at each person's own local time", forGroup, StringComparison.Ordinal);

        Assert.Contains("Pick at least one day", await PressAsync(lead, form.Press("save", ("time", "09:00"), ("days", ""))), StringComparison.Ordinal);
        Assert.Contains("either the group or the people", await PressAsync(lead, form.Press("save", ("time", "09:00"), ("days", "1"), ("who", "group:Trauma Team," + choices["Alex Kim"]))), StringComparison.Ordinal);
        Assert.Contains("couldn't find everyone you picked", await PressAsync(lead, form.Press("save", ("time", "09:00"), ("days", "1"), ("who", "msteams:nobody"))), StringComparison.Ordinal);
        Assert.Contains("every Monday at 09:00, your local time", await PressAsync(lead, form.Press("save", ("time", "09:00"), ("days", "1"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Teams_the_picker_is_plain_choices_without_a_search()
    {
        await using var h = await StartAsync(Monday);
        var lead = new Conversation(h.Client, "webchat", LeadId) { ServiceUrl = h.Connector.ServiceUrl.ToString() };
        await lead.SayAsync("hi");

        var who = CardReader.Last(await lead.SayAsync("new schedule")).Json.Descendants().OfType<JObject>().Single(o => (string?)o["id"] == "who");

        Assert.Equal("Me", (string?)who["choices"]![0]!["title"]);
        Assert.Null(who["choices.data"]);
    }

    [Fact]
    public async Task Teams_typeahead_search_answers_a_lead_with_matching_people_and_nobody_else_with_names()
    {
        await using var h = await StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        await h.PersonAsync("Sam Rivera", "UTC");
        await h.PersonAsync("Samira Haddad", "UTC");
        var alex = await h.PersonAsync("Alex Kim", "UTC");

        var results = await SearchAsync(h.Client, lead, "sam");
        var nothing = await SearchAsync(h.Client, alex, "sam");

        Assert.Equal(["Sam Rivera", "Samira Haddad"], results.Select(r => (string)r["title"]!));
        Assert.All(results, r => Assert.StartsWith("msteams:", (string)r["value"]!, StringComparison.Ordinal));
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task The_list_has_buttons_and_a_button_acts_on_its_own_schedule_even_after_the_list_changed()
    {
        await using var h = await StartAsync(Monday);
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "remind me daily at 9");
        await SayAsync(sam, "remind me weekdays at 17:30");
        var list = CardReader.Last(await sam.SayAsync("schedules"));
        var buttons = list.Json.Descendants().OfType<JObject>().Where(o => o["data"]?["schedule"] is not null).ToList();
        var second = buttons.Where(b => (long)b["data"]!["schedule"]! == (long)buttons.Last()["data"]!["schedule"]!).Select(b => (JObject)b["data"]!).ToList();

        Assert.DoesNotContain("Type", list.Text, StringComparison.Ordinal);
        Assert.Equal(["Pause", "Change", "Yes, delete it"], list.Json.Descendants().OfType<JObject>()
            .Where(o => (long?)o["data"]?["schedule"] == (long)second[0]["schedule"]!).Select(o => (string)o["title"]!));
        Assert.Contains("Schedule 1 is deleted", await PressAsync(sam, list.Press("delete")), StringComparison.Ordinal);

        Assert.Contains("Schedule 1 is paused", await PressAsync(sam, second.Single(d => (string?)d["action"] == "pause")), StringComparison.Ordinal);
        var after = CardReader.Last(await sam.SayAsync("schedules"));
        Assert.Contains("1. weekdays at 17:30", after.Text, StringComparison.Ordinal);
        Assert.Contains("Paused", after.Text, StringComparison.Ordinal);
        Assert.Contains("Resume", after.Text, StringComparison.Ordinal);
        Assert.Contains("running again", await PressAsync(sam, after.Press("resume")), StringComparison.Ordinal);
        var edit = CardReader.Last(await sam.SubmitAsync(after.Press("edit")));
        Assert.Equal("17:30", edit.InputValue("time"));
        Assert.Equal("1,2,3,4,5", edit.InputValue("days"));
        Assert.Contains("now runs every Monday and Wednesday at 08:00", await PressAsync(sam, edit.Press("save", ("time", "08:00"), ("days", "1,3"))), StringComparison.Ordinal);
        Assert.Contains("nothing more to do", await PressAsync(sam, list.Press("delete")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_buttons_the_list_says_what_to_type_and_the_buttons_words_work_typed()
    {
        await using var h = await StartAsync(Monday);
        var sam = new Conversation(h.Client, "console", "sam") { ServiceUrl = h.Connector.ServiceUrl.ToString() };
        await sam.SayAsync("hi");
        await SayAsync(sam, "remind me daily at 9");

        var list = await SayAsync(sam, "schedules");
        var paused = await SayAsync(sam, "pause");
        await SayAsync(sam, "remind me weekdays at 17:30");
        var which = await SayAsync(sam, "resume");

        Assert.Contains("Type \"pause schedule 1\"", list, StringComparison.Ordinal);
        Assert.Contains("Schedule 1 is paused", paused, StringComparison.Ordinal);
        Assert.Contains("Which one? Type \"resume schedule 2\"", which, StringComparison.Ordinal);
        Assert.Contains("Schedule 1 is running again", await SayAsync(sam, "resume schedule 1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_are_local_and_a_zone_the_bot_does_not_know_is_said_so_never_as_utc()
    {
        await using var h = await StartAsync(Monday);
        var lead = await h.PersonAsync("Lee Lead", null, LeadId);
        await h.PersonAsync("Sam Rivera", null);

        var self = await SayAsync(lead, "remind me daily at 9");
        var other = await SayAsync(lead, "schedule daily at 9 for Sam Rivera");
        var fixedZone = await SayAsync(lead, "schedule daily at 9 in Europe/Paris for Sam Rivera");
        var list = await SayAsync(lead, "schedules");
        var settings = await SayAsync(lead, "my settings");

        Assert.Contains("not known yet, so I'm using GMT time", settings, StringComparison.Ordinal);
        Assert.Contains("every day at 09:00, GMT time, because I don't know your time zone yet", self, StringComparison.Ordinal);
        Assert.Contains("GMT time, because I don't know Sam Rivera's time zone yet", other, StringComparison.Ordinal);
        Assert.Contains("every day at 09:00, Paris time. The next one is Tue 3 Mar, 09:00.", fixedZone, StringComparison.Ordinal);
        Assert.All(new[] { self, other, fixedZone, list, settings }, reply => Assert.DoesNotContain("UTC", reply, StringComparison.Ordinal));
        Assert.DoesNotContain("cron", list, StringComparison.Ordinal);
        Assert.DoesNotContain("* *", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_for_a_group_is_computed_in_each_persons_zone_and_said_so()
    {
        // Monday 20:00 in London: Berlin's next 17:30 is Tuesday, Los Angeles' is still Monday.
        var evening = new DateTimeOffset(2026, 3, 2, 20, 0, 0, TimeSpan.Zero);
        var group = new FixedGroup("Spread");
        await using var h = await StartAsync(evening, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "Europe/London", LeadId);
        group.Keys.Add(Key(await h.PersonAsync("Berta Berlin", "Europe/Berlin")));
        group.Keys.Add(Key(await h.PersonAsync("Luis Angeles", "America/Los_Angeles")));

        await SayAsync(lead, "schedule weekdays at 17:30 for group Spread");
        var list = await SayAsync(lead, "schedules");

        Assert.Contains("Next: Mon 2 Mar, 17:30 to Tue 3 Mar, 17:30, at each person's own local time", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_run_is_counted_on_its_own_never_added_up_with_earlier_runs()
    {
        var group = new FixedGroup("Seven");
        await using var h = await StartAsync(Monday, s => s.AddSingleton<ISupervisionGroupMembers>(group));
        var lead = await h.PersonAsync("Lee Lead", "UTC", LeadId);
        for (var i = 0; i < 7; i++)
        {
            var person = await h.PersonAsync($"Clinician {i}", "UTC");
            group.Keys.Add(Key(person));
            if (i == 0)
            {
                await SayAsync(person, "set away 2026-03-02 to 2026-03-03");
            }
        }

        await SayAsync(lead, "schedule 0 13,17 * * * for group Seven");
        await h.RunUntilAsync(Monday.AddHours(6));
        var list = await SayAsync(lead, "schedules");

        Assert.Contains("Last: Mon 2 Mar, 17:00, reached 6 of 7 · 1 away or not working that day", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00", "Remind me in 1 minute", "remind me in 1 minute")]
    [InlineData("01:00:00", "Remind me in an hour", "remind me in an hour")]
    [InlineData("01:30:00", "Remind me in an hour and 30 minutes", "remind me in an hour and 30 minutes")]
    public async Task The_snooze_button_and_its_typed_words_follow_the_snooze_delay(string delay, string button, string typed)
    {
        await using var h = await StartAsync(Monday, settings: new Dictionary<string, string?> { ["Scheduling:SnoozeDelay"] = delay });
        var sam = await h.PersonAsync("Sam Rivera", "UTC");
        await SayAsync(sam, "remind me daily at 13:00");
        await h.RunUntilAsync(Monday.AddHours(1));

        var prompt = Assert.Single(h.PromptsTo(sam)).Card;
        Assert.Contains(prompt["actions"]!, a => (string?)a["title"] == button);
        Assert.Contains("Of course. I'll come back at " + Monday.AddHours(1).Add(TimeSpan.Parse(delay, System.Globalization.CultureInfo.InvariantCulture)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), await SayAsync(sam, typed), StringComparison.Ordinal);
    }

    private static string Key(Conversation person) => $"{person.ChannelId}:{person.User.Id}";

    /// <summary>As Teams sends it while the lead types in the picker; the invoke's answer is the HTTP response.</summary>
    private static async Task<JArray> SearchAsync(BotClient client, Conversation person, string query)
    {
        var invoke = person.New(ActivityTypes.Invoke, a =>
        {
            a.Name = "application/search";
            a.Value = JObject.FromObject(new { queryText = query, queryOptions = new { skip = 0, top = 15 }, dataset = "scheduling.people" });
        });
        using var response = await client.PostAsync(invoke);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.search.searchResponse", (string?)body["type"]);
        return (JArray)body["value"]!["results"]!;
    }

    private sealed class FixedGroup(string name) : ISupervisionGroupMembers
    {
        public List<string> Keys { get; } = [];

        public Task<IReadOnlyList<string>> PersonKeysAsync(string groupName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(groupName == name ? Keys : []);

        public Task<IReadOnlyList<string>> GroupNamesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([name]);
    }
}
