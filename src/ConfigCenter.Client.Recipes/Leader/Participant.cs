namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>A candidate of an election, as read from its node.</summary>
/// <param name="Id">The id the candidate stored in its node.</param>
/// <param name="NodePath">The candidate's node.</param>
/// <param name="IsLeader">True for the first node in sequence order: the leader (or the one about to notice it is).</param>
public sealed record Participant(string Id, string NodePath, bool IsLeader);
