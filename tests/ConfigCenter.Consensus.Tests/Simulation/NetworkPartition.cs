namespace ConfigCenter.Consensus.Tests.Simulation;

/// <summary>What a chaos step did to the partition.</summary>
internal enum PartitionChange
{
    None,
    Healed,
    Started,
}

/// <summary>
/// The partition a simulated network is cut into, as blocked one-way links between node indices, and when it
/// heals. Its shapes: one node isolated, two sides, a node that can send but not hear (or hear but not send),
/// a few random one-way links. Shared by the consensus and the server-level simulations.
/// </summary>
internal sealed class NetworkPartition
{
    private readonly HashSet<(int From, int To)> _blocked = [];
    private long _healsAt = -1;

    public bool Blocks(int from, int to) => _blocked.Contains((from, to));

    /// <summary>The blocked links, in order.</summary>
    public IEnumerable<(int From, int To)> Links => _blocked.OrderBy(l => l);

    /// <summary>One chaos step: a partition whose time is up heals; without one, a new one starts with the given chance.</summary>
    public PartitionChange Step(SimRandom rng, long now, int nodes, double chance, Func<long> duration)
    {
        if (_healsAt >= 0 && now >= _healsAt)
        {
            Clear();
            return PartitionChange.Healed;
        }
        if (_healsAt >= 0 || !rng.Chance(chance) || nodes < 2) return PartitionChange.None;
        Draw(rng, nodes);
        _healsAt = now + duration();
        return PartitionChange.Started;
    }

    public void Clear()
    {
        _blocked.Clear();
        _healsAt = -1;
    }

    /// <summary>The blocked links for the trace, e.g. "1->2 2->1".</summary>
    public string Describe(Func<int, string> name) => string.Join(" ", Links.Select(l => $"{name(l.From)}->{name(l.To)}"));

    private void Draw(SimRandom rng, int nodes)
    {
        var kind = rng.Next(4);
        var victim = rng.Next(nodes);
        switch (kind)
        {
            case 0: // isolate one node
                for (var i = 0; i < nodes; i++)
                {
                    if (i == victim) continue;
                    _blocked.Add((victim, i));
                    _blocked.Add((i, victim));
                }
                break;
            case 1: // split into two sides
                var side = new bool[nodes];
                for (var i = 0; i < nodes; i++) side[i] = rng.Chance(0.5);
                for (var i = 0; i < nodes; i++)
                {
                    for (var j = 0; j < nodes; j++)
                    {
                        if (side[i] != side[j]) _blocked.Add((i, j));
                    }
                }
                break;
            case 2: // one way: a node can send but not receive, or receive but not send
                var deaf = rng.Chance(0.5);
                for (var i = 0; i < nodes; i++)
                {
                    if (i != victim) _blocked.Add(deaf ? (i, victim) : (victim, i));
                }
                break;
            default: // a few random one-way links
                for (var k = rng.Next(1, nodes + 1); k > 0; k--)
                {
                    var a = rng.Next(nodes);
                    var b = rng.Next(nodes);
                    if (a != b) _blocked.Add((a, b));
                }
                break;
        }
    }
}
