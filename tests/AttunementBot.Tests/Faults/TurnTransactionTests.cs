using AttunementBot.Bot;
using AttunementBot.Reflection;
using AttunementBot.Storage;
using AttunementBot.Storage.Protection;
using AttunementBot.Tests.Infrastructure;
using AttunementBot.Tests.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace AttunementBot.Tests.Faults;

/// <summary>
/// One inbound activity is one transaction: one person's turns in two conversations, or on two instances of the
/// bot sharing a database, are decided one after another on fresh state (nothing lost, nothing overwritten), a bug
/// in a turn saves none of it, and what is stored of a reflection in progress is unreadable on disk.
/// </summary>
public sealed class TurnTransactionTests : IDisposable
{
    private const int Skips = 6;
    private readonly BotHost _host = new(services: services => services.AddSingleton<IMessageFeature, BrokenFeature>());

    [Fact]
    public async Task One_person_answering_in_two_conversations_at_once_loses_nothing()
    {
        using var client = _host.CreateBotClient();
        var expected = await StepAfterSkipsOneByOneAsync(client);

        var user = $"user-{Guid.NewGuid():N}";
        var inChat = new Conversation(client, userId: user);
        var inMeeting = new Conversation(client, userId: user);
        await inChat.SayAsync("reflect");
        await Task.WhenAll(Enumerable.Range(0, Skips).Select(i => (i % 2 == 0 ? inChat : inMeeting).SayAsync("skip")));

        Assert.Equal(expected, CardReader.Last(await inChat.SayAsync("back")).Step);
    }

    [Fact]
    public async Task Two_instances_on_one_database_never_overwrite_each_other()
    {
        using var client = _host.CreateBotClient();
        var expected = await StepAfterSkipsOneByOneAsync(client);
        var user = $"user-{Guid.NewGuid():N}";
        var first = new Conversation(client, userId: user);
        await first.SayAsync("reflect");

        // A second host on the same data has locks of its own: only the commit's check keeps the two apart.
        using var other = _host.Restarted();
        using var otherClient = other.CreateBotClient();
        var second = new Conversation(otherClient, userId: user);
        await Task.WhenAll(Enumerable.Range(0, Skips).Select(i => (i % 2 == 0 ? first : second).SayAsync("skip")));

        Assert.Equal(expected, CardReader.Last(await first.SayAsync("back")).Step);
    }

    [Fact]
    public async Task A_turn_that_throws_saves_none_of_itself_and_keeps_every_earlier_answer()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("4 3");

        var failed = await person.SubmitAsync(new { breakTheTurn = true });

        Assert.Contains("Something went wrong on my side", BotClient.TextOf(failed), StringComparison.Ordinal);
        var state = Decrypted(Convert.ToString(_host.Scalar("SELECT data FROM bot_state WHERE key LIKE '%/users/' || @user", ("@user", person.User.Id)), System.Globalization.CultureInfo.InvariantCulture)!);
        Assert.DoesNotContain(BrokenFeature.HalfWritten, state, StringComparison.Ordinal);
        var presence = CardReader.Last(await person.SayAsync("back"));
        Assert.Equal("4", presence.InputValue("presence"));
        Assert.Equal("3", presence.InputValue("settledness"));
    }

    [Fact]
    public async Task A_reflection_in_progress_cannot_be_read_from_the_database_files()
    {
        using var client = _host.CreateBotClient();
        var person = new Conversation(client);
        await person.SayAsync("reflect");
        await person.SayAsync("4 3");
        await person.SayAsync("1, 6");
        await person.SayAsync("yes");
        await person.SayAsync("she flinched when quillstorm came up and I talked about zebracake plans");

        Assert.Empty(_host.RevealStored("quillstorm", "zebracake", "flinched"));
        Assert.NotEmpty(_host.RevealStored(person.User.Id));
    }

    public void Dispose() => _host.Dispose();

    private static async Task<string?> StepAfterSkipsOneByOneAsync(BotClient client)
    {
        var alone = new Conversation(client);
        await alone.SayAsync("reflect");
        for (var i = 0; i < Skips; i++)
        {
            await alone.SayAsync("skip");
        }

        return CardReader.Last(await alone.SayAsync("back")).Step;
    }

    private string Decrypted(string stored) =>
        new ColumnProtector(_host.Services.GetRequiredService<IDataProtectionProvider>(), BotStateStorage.Data).Unprotect(stored);

    /// <summary>A feature with a bug: it changes the person's state, then throws.</summary>
    private sealed class BrokenFeature(UserState userState) : IMessageFeature
    {
        public const string HalfWritten = "half-written-by-a-broken-turn";

        private readonly IStatePropertyAccessor<string> _scratch = userState.CreateProperty<string>("Scratch");

        public async Task<bool> TryHandleAsync(ITurnContext<IMessageActivity> turnContext, UserInput input, CancellationToken cancellationToken)
        {
            if (input.Submit?["breakTheTurn"] is null)
            {
                return false;
            }

            await _scratch.SetAsync(turnContext, HalfWritten, cancellationToken);
            await userState.SaveChangesAsync(turnContext, force: true, cancellationToken);
            throw new InvalidOperationException("A bug in a feature.");
        }
    }
}
