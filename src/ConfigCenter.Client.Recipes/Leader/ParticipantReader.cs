using System.Text;
using ConfigCenter.Client.Exceptions;
using ConfigCenter.Protocol;

namespace ConfigCenter.Client.Recipes.Leader;

/// <summary>Reads the candidates of an election from their nodes, in sequence order (the leader first).</summary>
internal static class ParticipantReader
{
    public static async Task<IReadOnlyList<Participant>> ReadAsync(
        ZooKeeperClient client, string directory, IReadOnlyList<string> sortedNodeNames, CancellationToken cancellationToken)
    {
        var participants = new List<Participant>();
        foreach (var name in sortedNodeNames)
        {
            var path = ZkPath.Combine(directory, name);
            try
            {
                var node = await client.GetDataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                participants.Add(new Participant(Encoding.UTF8.GetString(node.Data), path, participants.Count == 0));
            }
            catch (NoNodeException)
            {
                // Left meanwhile.
            }
        }
        return participants;
    }
}
