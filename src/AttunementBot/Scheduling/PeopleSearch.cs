using AttunementBot.Bot;
using AttunementBot.Common;
using AttunementBot.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace AttunementBot.Scheduling;

/// <summary>
/// Whom a lead can pick in the scheduling form: themselves, the supervision groups, and the people the bot
/// knows. The same list is the form's choices and, in Teams, the answers to its typeahead search.
/// </summary>
public sealed class PeopleSearch(IPeopleDirectory people, ISupervisionGroupMembers groups, SchedulingText text)
{
    /// <summary>The form's <c>Data.Query</c> dataset, so the search invoke is known as this one.</summary>
    public const string Dataset = "scheduling.people";

    public const string GroupPrefix = "group:";

    /// <summary>Enough to find someone by scrolling; more people are found by typing (Teams) or by name.</summary>
    public const int FormChoiceLimit = 50;

    public async Task<IReadOnlyList<FormChoice>> ChoicesAsync(Person self, string? query, int skip, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(self);
        var wanted = query?.Trim() ?? string.Empty;
        var choices = new List<FormChoice>();
        if (Matches(text.FormMe, wanted))
        {
            choices.Add(new FormChoice(text.FormMe, "me"));
        }

        foreach (var group in await groups.GroupNamesAsync(cancellationToken))
        {
            if (Matches(group, wanted))
            {
                choices.Add(new FormChoice(SchedulingText.Format(text.FormGroup, ("name", group)), GroupPrefix + group));
            }
        }

        foreach (var person in await people.ListAsync(wanted, skip + limit + 1, cancellationToken))
        {
            if (person.Key != self.Key)
            {
                choices.Add(new FormChoice(person.DisplayName ?? person.UserId, person.Key));
            }
        }

        return [.. choices.Skip(skip).Take(limit)];
    }

    private static bool Matches(string name, string wanted) =>
        wanted.Length == 0 || name.Contains(wanted, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Teams' typeahead in the form's people picker: an <c>application/search</c> invoke for
/// <see cref="PeopleSearch.Dataset"/>, answered with a search response. Only a lead, in their own chat, gets names.
/// </summary>
public sealed class PeopleSearchInvoke(PeopleSearch search, IPeopleDirectory people) : IInvokeFeature
{
    public const string InvokeName = "application/search";

    /// <summary>Teams shows at most 15 options in the list.</summary>
    private const int MaxResults = 15;

    public async Task<InvokeResponse?> TryHandleAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.Name != InvokeName || activity.Value is not JObject value || (string?)value["dataset"] != PeopleSearch.Dataset)
        {
            return null;
        }

        var skip = Math.Max(0, (int?)value["queryOptions"]?["skip"] ?? 0);
        var top = Math.Clamp((int?)value["queryOptions"]?["top"] ?? MaxResults, 1, MaxResults);
        var self = await people.FindAsync(Person.KeyOf(activity), cancellationToken);
        var results = self is not null && activity.IsOneToOne() && await people.IsLeadAsync(self, cancellationToken)
            ? await search.ChoicesAsync(self, (string?)value["queryText"], skip, top, cancellationToken)
            : [];
        // A JObject, so the response reads the same whatever serializer settings the adapter writes it with.
        return new InvokeResponse
        {
            Status = 200,
            Body = new JObject
            {
                ["type"] = "application/vnd.microsoft.search.searchResponse",
                ["value"] = new JObject { ["results"] = new JArray(results.Select(r => new JObject { ["title"] = r.Title, ["value"] = r.Value })) },
            },
        };
    }
}
