using AttunementBot.Tests.Cards;
using AttunementBot.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace AttunementBot.Tests.Browser;

/// <summary>
/// The bot as a person meets it in the official Bot Framework Web Chat, in Debian's Chromium (headless),
/// driven by Playwright: the real host behind a Direct Line stand-in. A lead sets up a group in a group
/// chat, a clinician reflects by clicking the cards and shares; screenshots of what they saw go to
/// docs/screenshots/ (shown in README).
/// </summary>
public sealed class WebChatInChromiumTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string LeadId = "dl-lead";
    private const string Group = "Tuesday peers";
    private static readonly string Screenshots = Path.Combine(CardTestPaths.RepoRoot, "docs", "screenshots");
    private readonly BotHost _host = new(settings: new Dictionary<string, string?> { ["People:Leads:0"] = LeadId });
    private DirectLineStandIn _directLine = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private readonly List<(string Name, IPage Page)> _pages = [];

    public async Task InitializeAsync()
    {
        _directLine = await DirectLineStandIn.StartAsync(_host.CreateClient(), Path.Combine(CardTestPaths.RepoRoot, "tests", "webchat"));
        _playwright = await Playwright.CreateAsync();
        // Generous for a shared two-core machine; a card that never comes still fails.
        SetDefaultExpectTimeout(15_000);
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.Path(), Headless = true });
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, page) in _pages)
        {
            // Left for whoever reads a failure: what each page showed at the end.
            var shot = Path.Combine(Path.GetTempPath(), $"attunementbot-webchat-{name.Replace(' ', '-')}.png");
            await page.ScreenshotAsync(new() { Path = shot });
            await File.WriteAllTextAsync(Path.ChangeExtension(shot, ".html"), await page.ContentAsync());
            output.WriteLine($"[{name}] last view: {shot}");
        }

        foreach (var call in _directLine?.Calls ?? [])
        {
            output.WriteLine("[direct line] " + call);
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_directLine is not null)
        {
            await _directLine.DisposeAsync();
        }
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_whole_reflection_by_clicking_replaces_each_answered_card_and_leaves_no_stale_button()
    {
        var group = await OpenAsync(LeadId, "Lee Lead", asGroupChat: true);
        await SayAsync(group, "set up supervision group " + Group);
        await Expect(Transcript(group)).ToContainTextAsync("now the home of the supervision group");

        var sam = await OpenAsync("dl-sam", "Sam Clinician");
        await SayAsync(sam, "join group " + Group);
        await Expect(Transcript(sam)).ToContainTextAsync("You've joined");
        // The welcome is not part of the reflection: its buttons stay, for the next one.
        var before = await TopLevelCards(sam).CountAsync();
        await TopLevelCards(sam).First.GetByRole(AriaRole.Button, new() { Name = "Start a reflection" }).ClickAsync();

        await AnswerAsync(sam, before, "Presence", next: "What pulled you away", card =>
            Choose(card, "In and out", "Uneasy"));
        await AnswerAsync(sam, before, "What pulled you away", next: "A moment of misattunement?", card =>
            Choose(card, "Formulating a treatment plan", "Time pressure, rushing"));
        await AnswerAsync(sam, before, "A moment of misattunement?", next: "The moment", card =>
            Choose(card, "Yes"));
        await AnswerAsync(sam, before, "The moment", next: "Attachment lens", async card =>
        {
            await Choose(card, "Became angry or irritated with me");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "The moment, in a few words (optional, private)" }).FillAsync("She got angry when I looked at the clock");
        });
        await sam.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "reflection.png") });
        await AnswerAsync(sam, before, "Attachment lens", next: "Repair so far", card =>
            Choose(card, "Separation distress"));
        await AnswerAsync(sam, before, "Repair so far", next: "Carrying forward", card =>
            Choose(card, "Partly", "Yes, they know"));
        await AnswerAsync(sam, before, "Carrying forward", next: "Share", async card =>
        {
            await Choose(card, "At the client's pace");
            await card.GetByRole(AriaRole.Textbox, new() { Name = "One intention for the next session (optional)" }).FillAsync("Name the moment, and invite her to tell me when I drift");
        });

        var summary = NewestCard(sam);
        await Expect(summary).ToContainTextAsync("Name the moment, and invite her to tell me when I drift");
        await summary.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "summary.png") });

        await summary.GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        await Button(sam, "Preview").ClickAsync();
        await Button(sam, "Post").ClickAsync();

        var shared = NewestCard(group);
        await Expect(shared.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToBeVisibleAsync();
        await shared.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "group-card.png") });
    }

    private async Task<IPage> OpenAsync(string userId, string name, bool asGroupChat = false)
    {
        // Web Chat at the width of a side panel: the cards must read well there.
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 460, Height = 1000 } });
        // What the page itself reported, in the test's output: the first place to look when Web Chat shows nothing.
        page.Console += (_, message) => output.WriteLine($"[{name} console {message.Type}] {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"[{name} page error] {error}");
        page.RequestFailed += (_, request) => output.WriteLine($"[{name} request failed] {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                output.WriteLine($"[{name} response {response.Status}] {response.Request.Method} {response.Url}");
            }
        };
        page.SetDefaultTimeout(20_000);
        _pages.Add((name, page));
        await page.GotoAsync(_directLine.PageFor(_directLine.IssueToken(userId, name, asGroupChat), userId, name).ToString());
        await page.Locator("body[data-connected=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 20_000 });
        return page;
    }

    private static async Task SayAsync(IPage page, string text)
    {
        var box = page.Locator("[data-id='webchat-sendbox-input']");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>
    /// Answers the step card titled <paramref name="title"/> and presses its primary button; then the next card must have come,
    /// and every earlier card must have been replaced: no input and no button left anywhere but on the newest card.
    /// </summary>
    private static async Task AnswerAsync(IPage page, int reflectionFrom, string title, string next, Func<ILocator, Task> answer)
    {
        var card = NewestCard(page);
        await Expect(card).ToContainTextAsync(title);
        await answer(card);
        // The card's one primary button (Next, or Finish on the last step).
        await card.Locator("button.style-positive").ClickAsync();
        await Expect(NewestCard(page)).ToContainTextAsync(next);
        await NoStaleControlsAsync(page, reflectionFrom, title);
    }

    /// <summary>No buttons or inputs on the reflection's cards but the newest: nothing a person could still press on an answered card.</summary>
    private static async Task NoStaleControlsAsync(IPage page, int reflectionFrom, string answered)
    {
        var stale = $$"""
            () => [...document.querySelectorAll('.webchat__basic-transcript .ac-adaptiveCard')]
              .filter(card => !card.parentElement.closest('.ac-adaptiveCard'))
              .slice({{reflectionFrom}}, -1)
              .filter(card => card.querySelector('button, input, textarea, select'))
              .map(card => card.innerText.replace(/\s+/g, ' ').slice(0, 60))
            """;
        try
        {
            // The replacement of the answered card may arrive just after the next card.
            await page.WaitForFunctionAsync($"() => ({stale})().length === 0", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            var left = await page.EvaluateAsync<string[]>(stale);
            Assert.Fail($"After answering \"{answered}\", {left.Length} earlier card(s) of the reflection still have buttons or inputs: {string.Join(" | ", left)}");
        }
    }

    /// <summary>
    /// Ticks choices by their titles. By the input's own aria-label: the Adaptive Cards renderer also names the
    /// first choice of a set after the set's label, so the accessible name of a choice is not always its title.
    /// </summary>
    private static async Task Choose(ILocator card, params string[] choices)
    {
        foreach (var choice in choices)
        {
            // A choice with a meaning reads "Title: meaning".
            await card.Locator($"input[aria-label=\"{choice}\"], input[aria-label^=\"{choice}: \"]").CheckAsync();
        }
    }

    private static ILocator Transcript(IPage page) => page.Locator(".webchat__basic-transcript");

    private static ILocator TopLevelCards(IPage page) => page.Locator(".webchat__basic-transcript .ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)");

    private static ILocator NewestCard(IPage page) => TopLevelCards(page).Last;

    private static ILocator Button(IPage page, string name) => NewestCard(page).GetByRole(AriaRole.Button, new() { Name = name });
}
