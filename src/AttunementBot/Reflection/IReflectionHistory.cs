namespace AttunementBot.Reflection;

/// <summary>
/// A clinician's own completed reflections. Every call is scoped to one owner: there is no way
/// to read across clinicians through this interface.
/// </summary>
public interface IReflectionHistory
{
    /// <summary>Saves a completed reflection. Saving the same id again changes nothing.</summary>
    Task SaveAsync(string ownerKey, CompletedReflection reflection, CancellationToken cancellationToken);

    /// <summary>The owner's most recent reflections, newest first.</summary>
    Task<IReadOnlyList<CompletedReflection>> RecentAsync(string ownerKey, int count, CancellationToken cancellationToken);

    Task<CompletedReflection?> FindAsync(string ownerKey, string reflectionId, CancellationToken cancellationToken);

    Task<int> CountAsync(string ownerKey, CancellationToken cancellationToken);

    /// <summary>The retention rule: deletes every owner's reflections completed before the cutoff.</summary>
    Task<int> DeleteCompletedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Deletes everything the owner has; returns how many reflections were removed.</summary>
    Task<int> DeleteAllAsync(string ownerKey, CancellationToken cancellationToken);
}
