using ConfigCenter.Protocol;

namespace ConfigCenter.Conformance.Tests.Differential;

/// <summary>
/// Draws a scenario from a seed. It keeps no model of the tree: paths come from a small fixed
/// vocabulary under the scenario root, so steps often collide (NodeExists, NotEmpty, BadVersion)
/// and watches often fire, which is where implementations differ.
/// </summary>
public sealed class ScenarioGenerator(int seed, int sessionCount)
{
    public const string Root = "/d";

    /// <summary>The scaffolding the runner creates first, in creation order; steps may delete and recreate it.</summary>
    public static readonly string[] Parents = [Root, Root + "/a", Root + "/b", Root + "/a/x"];
    private static readonly string[] Names = ["a", "b", "x", "y", "s-"];
    private static readonly int[] Versions = [-1, -1, 0, 0, 1, 2, 5];

    /// <summary>Paths ZooKeeper's PathUtils rejects, plus odd ones it accepts.</summary>
    public static readonly string[] InvalidOrOddPaths =
    [
        "", "d", "d/a", Root + "/", "//", Root + "//a", "/.", "/..", Root + "/.", Root + "/..", Root + "/./a", Root + "/../a",
        Root + "/a\u0001", Root + "/a\u0000b", Root + "/\u007f", Root + "/\u0085", Root + "/\ud83d\ude00", Root + "/\ufff5",
        Root + "/...", Root + "/a.b", Root + "/.hidden",
    ];

    private readonly Random _random = new(seed);
    private int _expiries;

    public const int MaxExpiriesPerScenario = 2;
    public const long LongTtlMs = 3_600_000;

    public IReadOnlyList<ScenarioStep> Generate(int stepCount)
    {
        var steps = new List<ScenarioStep>(stepCount);
        for (var i = 0; i < stepCount; i++) steps.Add(Next());
        return steps;
    }

    private ScenarioStep Next()
    {
        var session = _random.Next(sessionCount);
        var roll = _random.Next(1000);
        return roll switch
        {
            < 220 => Create(session),
            < 310 => new SetDataStep(session, AnyPath(), Data(), Pick(Versions)),
            < 400 => new DeleteStep(session, AnyPath(), Pick(Versions)),
            < 410 => new CheckStep(session, AnyPath(), 1000 + _random.Next(10)),
            < 640 => WatchingRead(session),
            < 670 => new ReadStep(session, Pick([OpCode.GetAllChildrenNumber, OpCode.GetEphemerals]), Pick([.. Parents, "/", AnyPath()]), false),
            < 690 => new ReadStep(session, OpCode.Sync, AnyPath(), false),
            < 770 => Multi(session),
            < 800 => MultiRead(session),
            < 830 => new SetAclStep(session, AnyPath(), Pick(Enum.GetValues<AclKind>()), Pick(Versions)),
            < 850 => new ReadStep(session, OpCode.GetAcl, AnyPath(), false),
            < 865 => new AddAuthStep(session, Pick(["user1", "user2"])),
            < 955 => InvalidPath(session),
            < 985 => new CloseSessionStep(session),
            _ when _expiries < MaxExpiriesPerScenario => Expire(),
            _ => new ReadStep(session, OpCode.Exists, AnyPath(), true),
        };
    }

    private ScenarioStep Create(int session)
    {
        var mode = Pick([CreateMode.Persistent, CreateMode.Persistent, CreateMode.Ephemeral, CreateMode.PersistentSequential,
            CreateMode.EphemeralSequential, CreateMode.Container, CreateMode.PersistentWithTtl, CreateMode.PersistentSequentialWithTtl]);
        var op = mode switch
        {
            CreateMode.Container => OpCode.CreateContainer,
            CreateMode.PersistentWithTtl or CreateMode.PersistentSequentialWithTtl => OpCode.CreateTtl,
            _ => _random.Next(2) == 0 ? OpCode.Create : OpCode.Create2,
        };
        // Mostly the ACL anyone may use; sometimes one that locks other sessions out or is refused.
        var acl = _random.Next(10) < 7 ? AclKind.OpenUnsafe : Pick(Enum.GetValues<AclKind>());
        long? ttl = op == OpCode.CreateTtl ? LongTtlMs : null;
        return new CreateStep(session, op, NewPath(), Data(), mode, acl, ttl);
    }

    /// <summary>Mostly with a watch, and child watches mostly on the scaffolding, where children come and go.</summary>
    private ScenarioStep WatchingRead(int session)
    {
        var op = Pick([OpCode.Exists, OpCode.GetData, OpCode.GetChildren, OpCode.GetChildren2]);
        var path = op is OpCode.GetChildren or OpCode.GetChildren2 && _random.Next(2) == 0 ? Pick(Parents) : AnyPath();
        return new ReadStep(session, op, path, _random.Next(4) != 0);
    }

    private ScenarioStep Multi(int session)
    {
        var count = 1 + _random.Next(4);
        var ops = new List<MultiOpSpec>(count);
        for (var i = 0; i < count; i++)
        {
            var type = Pick([OpCode.Create, OpCode.Create, OpCode.Create2, OpCode.Delete, OpCode.SetData, OpCode.SetData, OpCode.Check]);
            var mode = Pick([CreateMode.Persistent, CreateMode.Persistent, CreateMode.Ephemeral, CreateMode.PersistentSequential, CreateMode.EphemeralSequential]);
            // Now and then an invalid path, which must abort the whole multi.
            var path = _random.Next(15) == 0 ? Pick(InvalidOrOddPaths) : type is OpCode.Create or OpCode.Create2 ? NewPath() : AnyPath();
            ops.Add(new MultiOpSpec(type, path, Pick(Versions), mode, Data()));
        }
        return new MultiStep(session, OpCode.Multi, ops);
    }

    private ScenarioStep MultiRead(int session)
    {
        var count = 1 + _random.Next(4);
        var ops = new List<MultiOpSpec>(count);
        for (var i = 0; i < count; i++)
            ops.Add(new MultiOpSpec(Pick([OpCode.GetData, OpCode.GetChildren]), _random.Next(10) == 0 ? Pick(InvalidOrOddPaths) : AnyPath(), -1, CreateMode.Persistent, ""));
        return new MultiStep(session, OpCode.MultiRead, ops);
    }

    private ScenarioStep InvalidPath(int session)
    {
        var path = Pick(InvalidOrOddPaths);
        return _random.Next(9) switch
        {
            0 => new CreateStep(session, OpCode.Create, path, Data(), CreateMode.Persistent, AclKind.OpenUnsafe, null),
            1 => new CreateStep(session, OpCode.Create2, path, Data(), Pick([CreateMode.PersistentSequential, CreateMode.Ephemeral]), AclKind.OpenUnsafe, null),
            2 => new SetDataStep(session, path, Data(), -1),
            3 => new DeleteStep(session, path, -1),
            4 => new SetAclStep(session, path, AclKind.OpenUnsafe, -1),
            _ => new ReadStep(session, Pick([OpCode.Exists, OpCode.GetData, OpCode.GetChildren, OpCode.GetChildren2, OpCode.GetAcl, OpCode.Sync, OpCode.GetAllChildrenNumber]), path, _random.Next(2) == 0),
        };
    }

    private ScenarioStep Expire()
    {
        _expiries++;
        var count = 1 + _random.Next(3);
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++) paths.Add(NewPath());
        return new ExpireSessionStep(paths);
    }

    /// <summary>A path to create: a vocabulary name under a vocabulary parent, or a scaffolding node that may have been deleted.</summary>
    private string NewPath()
    {
        if (_random.Next(8) == 0) return Pick(Parents.AsSpan(1).ToArray());
        var parent = Pick(Parents);
        return parent + "/" + Pick(Names);
    }

    /// <summary>A path that may exist: a vocabulary path, or one a create returned (the only way to reach sequential nodes).</summary>
    private string AnyPath() => _random.Next(3) == 0 ? "@" + _random.Next(1000) : _random.Next(8) == 0 ? Pick(Parents) : NewPath();

    private string Data() => _random.Next(6) == 0 ? "" : "v" + _random.Next(100);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
