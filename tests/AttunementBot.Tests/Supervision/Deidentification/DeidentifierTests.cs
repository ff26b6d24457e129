using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttunementBot.Common;
using AttunementBot.Supervision.Deidentification;
using Xunit.Abstractions;

namespace AttunementBot.Tests.Supervision.Deidentification;

/// <summary>The de-identifier's contract: tags and positions, merging, untouched text, idempotence, sizes.</summary>
public sealed class DeidentifierTests(ITestOutputHelper output)
{
    private static readonly Deidentifier Deidentifier = new();

    [Fact]
    public void Every_kind_has_a_tag_in_the_data_file()
    {
        var tags = EmbeddedData.Load<Dictionary<IdentifierKind, string>>(Deidentifier.TagsPath);
        Assert.Equal(Enum.GetValues<IdentifierKind>().Order(), tags.Keys.Order());
        Assert.All(tags.Values, tag => Assert.Matches(@"^\[[a-z ]+\]$", tag));
        Assert.Equal(tags.Count, tags.Values.Distinct().Count());
        Assert.Equal("[name]", Deidentifier.Tags[IdentifierKind.Name]);
        Assert.Equal("[ip address]", Deidentifier.Tags[IdentifierKind.IpAddress]);
    }

    [Theory]
    [InlineData("contact moved to fri 14th, he was flat all session", "contact moved to [date], he was flat all session")]
    [InlineData("Her hearing is Tuesday, the 3rd, and she asked if I'd be there.", "Her hearing is [date], and she asked if I'd be there.")]
    [InlineData("she came back on the 22nd and drew the house again", "she came back on [date] and drew the house again")]
    [InlineData("met her mum at 4th and Delancey after school", "met her mum at [place] after school")]
    public void A_day_of_the_month_after_a_weekday_or_the_is_a_date_and_a_corner_stays_a_place(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Deidentify(text).Text);

    // A name that is also a word goes where the sentence puts a person, and the word stays everywhere else: the same
    // word both ways, so the context decides, not the word.
    [Theory]
    [InlineData("her son will is the loud one", "her son [name] is the loud one")]
    [InlineData("her son will be fine once the move is over", "her son will be fine once the move is over")]
    [InlineData("we talked it through and will has not stopped crying since", "we talked it through and [name] has not stopped crying since")]
    [InlineData("we talked it through and will not rush the ending", "we talked it through and will not rush the ending")]
    [InlineData("i sat with will and his nan in the car", "i sat with [name] and his nan in the car")]
    [InlineData("gift (6) chose the dragon puppet", "[name] (6) chose the dragon puppet")]
    [InlineData("the gift (a card) meant a lot to her", "the gift (a card) meant a lot to her")]
    [InlineData("hope and her koro came early", "[name] and her koro came early")]
    [InlineData("there was hope and her mum felt it too", "there was hope and her mum felt it too")]
    public void A_name_that_is_also_a_word_goes_only_in_a_name_position(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Deidentify(text).Text);

    // A town named after an address, or an estate in rarer words after "in the", is a place; everyday words are not.
    [Theory]
    [InlineData("they are at 14 Tui St in kelburnia now", "they are at [place] in [place] now")]
    [InlineData("she lives in the fernwick heights estate", "she lives in the [place]")]
    [InlineData("we talked in the car park after", "we talked in the car park after")]
    [InlineData("he was stuck in limbo at 14 all over again", "he was stuck in limbo at 14 all over again")]
    public void A_town_after_an_address_and_an_estate_after_in_the_are_places(string text, string expected) =>
        Assert.Equal(expected, Deidentifier.Deidentify(text).Text);

    [Fact]
    public void Each_identifier_is_replaced_by_its_tag_and_positions_refer_to_the_original()
    {
        const string text = "Maria emailed a.b@example.org on 3/14 from 312-555-0187.";

        var result = Deidentifier.Deidentify(text);

        Assert.Equal("[name] emailed [email] on [date] from [phone].", result.Text);
        Assert.Equal(text, result.Original);
        Assert.Equal(
            [
                new Redaction(IdentifierKind.Name, 0, 5, "Maria"),
                new Redaction(IdentifierKind.Email, 14, 15, "a.b@example.org"),
                new Redaction(IdentifierKind.Date, 33, 4, "3/14"),
                new Redaction(IdentifierKind.Phone, 43, 12, "312-555-0187"),
            ],
            result.Redactions);
        Assert.All(result.Redactions, r => Assert.Equal(r.Original, text.Substring(r.Start, r.Length)));
    }

    [Fact]
    public void Text_is_rebuilt_exactly_from_the_original_the_redactions_and_the_tags()
    {
        Assert.All(DeidentificationCases.All, testCase =>
        {
            var result = Deidentifier.Deidentify(testCase.Sentence);
            Assert.Equal(result.Text, Rebuild(result));
            for (var i = 1; i < result.Redactions.Count; i++)
            {
                Assert.True(result.Redactions[i - 1].End <= result.Redactions[i].Start, "redactions overlap or are out of order");
            }
        });
    }

    [Fact]
    public void Overlapping_detections_merge_into_one_redaction_named_after_the_longest()
    {
        // The email contains a bare domain (also a URL) and a name-like local part: one redaction, an email.
        var email = Deidentifier.Deidentify("Write to maria.lopez@lakeview.org today.");
        Assert.Equal("Write to [email] today.", email.Text);
        Assert.Equal(IdentifierKind.Email, Assert.Single(email.Redactions).Kind);

        // "123-45-6789" is shaped like an SSN and like a phone number; the SSN reading wins.
        var ssn = Deidentifier.Deidentify("Her number 123-45-6789 was on the form.");
        Assert.Equal(IdentifierKind.SocialSecurityNumber, Assert.Single(ssn.Redactions).Kind);

        // A street address found by the address pattern and by the street-name rule is one place.
        var address = Deidentifier.Deidentify("They live at 1420 Elm Street now.");
        Assert.Equal("They live at [place] now.", address.Text);

        // A first name and a surname found by different signals become one "[name]".
        var name = Deidentifier.Deidentify("I met Dr. Maria Okafor-Lindqvist after the session.");
        Assert.Equal("I met Dr. [name] after the session.", name.Text);
    }

    [Fact]
    public void Text_around_redactions_is_preserved_emoji_right_to_left_and_newlines()
    {
        const string text = "🙂 Maria said\r\n«שלום» 💛 — call 312-555-0187\n\tمرحبا  then   Luis left.🌧️";

        var result = Deidentifier.Deidentify(text);

        Assert.Equal("🙂 [name] said\r\n«שלום» 💛 — call [phone]\n\tمرحبا  then   [name] left.🌧️", result.Text);
    }

    [Fact]
    public void Text_without_identifiers_comes_back_unchanged()
    {
        const string text = "Secure base felt far away on Monday; I was formulating a plan.\nBowlby would call it separation distress. 🙂";

        var result = Deidentifier.Deidentify(text);

        Assert.Same(text, result.Original);
        Assert.Equal(text, result.Text);
        Assert.False(result.HasRedactions);
    }

    [Fact]
    public void De_identifying_the_output_again_changes_nothing()
    {
        const string text = "My client jordan (MRN 12345678) lives at 22 Birch Way, Apt 4B, Springfield, IL 62704; " +
            "Dr. Okafor at St. Jude's called from +1 312 555 0187 on March 3rd about her 92-year-old grandmother.";

        var once = Deidentifier.Deidentify(text);
        var twice = Deidentifier.Deidentify(once.Text);

        Assert.Equal(once.Text, twice.Text);
        Assert.Empty(twice.Redactions);
        Assert.DoesNotContain("jordan", once.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Okafor", once.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_removed_once_is_removed_everywhere()
    {
        var result = Deidentifier.Deidentify("My client Xiomara came late. I told xiomara it was fine, and Xiomara smiled.");

        Assert.Equal("My client [name] came late. I told [name] it was fine, and [name] smiled.", result.Text);
    }

    [Fact]
    public void States_weekdays_years_and_allowed_terms_are_kept()
    {
        const string text = "On Monday we talked about moving to Ohio in 2019; EMDR and DBT came up, and Bowlby's safe haven.";

        Assert.Equal(text, Deidentifier.Deidentify(text).Text);
    }

    [Fact]
    public void Empty_input_gives_empty_output_and_null_is_refused()
    {
        var result = Deidentifier.Deidentify(string.Empty);

        Assert.Equal(string.Empty, result.Text);
        Assert.Empty(result.Redactions);
        Assert.Throws<ArgumentNullException>(() => Deidentifier.Deidentify(null!));
    }

    [Fact]
    public void A_20000_character_input_is_handled_completely()
    {
        var sentences = DeidentificationCases.All.Select(c => c.Sentence).ToArray();
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 20_000; i++)
        {
            builder.Append(sentences[i % sentences.Length]).Append(i % 7 == 0 ? "\n\n" : " ");
        }

        var text = builder.ToString(0, 20_000);
        var watch = Stopwatch.StartNew();
        var result = Deidentifier.Deidentify(text);
        watch.Stop();
        output.WriteLine($"20,000 characters: {result.Redactions.Count} redactions in {watch.Elapsed.TotalMilliseconds:0.0} ms");

        Assert.Equal(result.Text, Rebuild(result));
        Assert.DoesNotContain("j.smith@dcfs.org", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("123-45-6789", result.Text, StringComparison.Ordinal);
        Assert.True(result.Redactions.Count > 300, $"only {result.Redactions.Count} redactions");
    }

    [Fact]
    public void The_result_is_deterministic_and_the_instance_can_be_shared_across_threads()
    {
        var sentences = DeidentificationCases.All.Select(c => c.Sentence).ToArray();
        var expected = sentences.Select(s => Deidentifier.Deidentify(s).Text).ToArray();

        var parallel = sentences.AsParallel().AsOrdered().Select(s => new Deidentifier().Deidentify(s).Text).ToArray();
        var shared = sentences.AsParallel().AsOrdered().Select(s => Deidentifier.Deidentify(s).Text).ToArray();

        Assert.Equal(expected, parallel);
        Assert.Equal(expected, shared);
    }

    private static string Rebuild(DeidentifiedText result)
    {
        var builder = new StringBuilder();
        var position = 0;
        foreach (var redaction in result.Redactions)
        {
            builder.Append(result.Original, position, redaction.Start - position).Append(Deidentifier.Tags[redaction.Kind]);
            position = redaction.End;
        }

        return builder.Append(result.Original, position, result.Original.Length - position).ToString();
    }
}
