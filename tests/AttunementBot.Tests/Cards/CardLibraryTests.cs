using AttunementBot.Cards;

namespace AttunementBot.Tests.Cards;

public sealed class CardLibraryTests
{
    private enum Mood
    {
        Settled,
    }

    private sealed record MoodData(string Title, Mood Mood);

    [Fact]
    public void RenderSerialisesDataCamelCaseWithEnumsAsNames()
    {
        var library = new CardLibrary(CardTestPaths.CardsFolder);
        var card = library.Render(NoticeCard.Template, new NoticeCard("Hello", Facts: [new NoticeFact("Mood", Mood.Settled.ToString())]));
        Assert.Equal("Hello", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Mood", card["body"]![1]!["facts"]![0]!["title"]!.GetValue<string>());

        // Data records are serialised with web defaults: camelCase names, enums as their names.
        var node = System.Text.Json.JsonSerializer.SerializeToNode(new MoodData("t", Mood.Settled), CardLibrary.DataOptions)!;
        Assert.Equal("Settled", node["mood"]!.GetValue<string>());
    }

    [Fact]
    public void RenderingTwiceGivesEqualCardsAndLeavesTheCachedTemplateAlone()
    {
        var library = new CardLibrary(CardTestPaths.CardsFolder);
        var before = library.Template(NoticeCard.Template).ToJsonString();
        var first = library.Render(NoticeCard.Template, new NoticeCard("One", "Body"));
        var second = library.Render(NoticeCard.Template, new NoticeCard("One", "Body"));
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(before, library.Template(NoticeCard.Template).ToJsonString());
    }

    [Fact]
    public void AMissingTemplateNamesTheFileAndTheFolder()
    {
        var library = new CardLibrary(CardTestPaths.CardsFolder);
        var ex = Assert.Throws<FileNotFoundException>(() => library.Render("no-such-card", null));
        Assert.Contains("no-such-card.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(library.Folder, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplateNamesCannotLeaveTheFolder() =>
        Assert.Throws<ArgumentException>(() => new CardLibrary(CardTestPaths.CardsFolder).Render("../secrets", null));

    [Fact]
    public void TheDefaultLibraryReadsCardsBesideTheAssembly() =>
        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "cards")), CardLibrary.Default.Folder);
}
