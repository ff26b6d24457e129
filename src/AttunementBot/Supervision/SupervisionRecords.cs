using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;

namespace AttunementBot.Supervision;

/// <summary>A supervision group: its name and the channel where shared cards are posted.</summary>
/// <param name="TeamId">The Teams team of that channel, when it has one: its roster keeps membership in step.</param>
public sealed record SupervisionGroup(string Id, string Name, string ChannelId, ConversationReference Channel, string CreatedBy, DateTimeOffset CreatedAt, string? TeamId = null);

public enum SharedCardStatus
{
    Posted,
    Withdrawn,
}

/// <summary>A reflection a clinician chose to share, as it stands in the group's channel.</summary>
/// <param name="Content">Exactly the card data the clinician saw in the preview and confirmed.</param>
/// <param name="ActivityId">The post in the channel, for updating or withdrawing it.</param>
/// <param name="PreviewId">The preview it was posted from, so a second press of that preview's "Post" is recognised.</param>
public sealed record SharedCard(
    string Id,
    string GroupId,
    string OwnerKey,
    string ReflectionId,
    JsonObject Content,
    string? ActivityId,
    SharedCardStatus Status,
    DateTimeOffset PostedAt,
    DateTimeOffset? DiscussionRequestedAt,
    DateTimeOffset? DiscussedAt,
    int Acknowledgements,
    int PeerReflections,
    string? PreviewId = null);
