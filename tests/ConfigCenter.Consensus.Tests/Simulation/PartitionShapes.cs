namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>
/// The partitions the simulators cut their networks into, as blocked one-way links between node indices:
/// one node isolated, two sides, a node that can send but not hear (or hear but not send), a few random
/// one-way links. Shared by the consensus and the server-level simulations.
/// </summary>
internal static class PartitionShapes
{
    public static void Draw(SimRandom rng, int nodes, ISet<(int From, int To)> blocked)
    {
        if (nodes < 2) return;
        var kind = rng.Next(4);
        var victim = rng.Next(nodes);
        switch (kind)
        {
            case 0: // isolate one node
                for (var i = 0; i < nodes; i++)
                {
                    if (i == victim) continue;
                    blocked.Add((victim, i));
                    blocked.Add((i, victim));
                }
                break;
            case 1: // split into two sides
                var side = new bool[nodes];
                for (var i = 0; i < nodes; i++) side[i] = rng.Chance(0.5);
                for (var i = 0; i < nodes; i++)
                {
                    for (var j = 0; j < nodes; j++)
                    {
                        if (side[i] != side[j]) blocked.Add((i, j));
                    }
                }
                break;
            case 2: // one way: a node can send but not receive, or receive but not send
                var deaf = rng.Chance(0.5);
                for (var i = 0; i < nodes; i++)
                {
                    if (i != victim) blocked.Add(deaf ? (i, victim) : (victim, i));
                }
                break;
            default: // a few random one-way links
                for (var k = rng.Next(1, nodes + 1); k > 0; k--)
                {
                    var a = rng.Next(nodes);
                    var b = rng.Next(nodes);
                    if (a != b) blocked.Add((a, b));
                }
                break;
        }
    }
}
