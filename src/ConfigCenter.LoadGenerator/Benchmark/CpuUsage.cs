using System.Globalization;

namespace ConfigCenter.LoadGenerator.Benchmark;

/// <summary>
/// CPU time spent during one phase, split between the server, the load generator (this process) and
/// everything else on the machine. Other processes compete for the same two cores, so "other" says how
/// far a phase's figures can be trusted; the server's CPU per operation is the load-independent cost.
/// </summary>
internal sealed record CpuUsage(double WallSeconds, double ServerSeconds, double LoadGeneratorSeconds, double OtherSeconds)
{
    private const double TicksPerSecond = MachineCpu.TicksPerSecond;

    /// <summary>Starts measuring; <see cref="Stop"/> returns the usage since then. An ensemble's members count together as the server.</summary>
    public static Sampler Start(params int[] serverPids) => new(serverPids);

    public sealed class Sampler
    {
        private readonly int[] _serverPids;
        private readonly DateTime _started = DateTime.UtcNow;
        private readonly long _machineBusy;
        private readonly long _server;
        private readonly long _self;

        internal Sampler(int[] serverPids)
        {
            _serverPids = serverPids;
            _machineBusy = MachineCpu.Ticks().Busy;
            _server = ServerTicks();
            _self = ProcessTicks("self");
        }

        public CpuUsage Stop()
        {
            var server = (ServerTicks() - _server) / TicksPerSecond;
            var self = (ProcessTicks("self") - _self) / TicksPerSecond;
            var machine = (MachineCpu.Ticks().Busy - _machineBusy) / TicksPerSecond;
            return new CpuUsage(
                Math.Round((DateTime.UtcNow - _started).TotalSeconds, 2),
                Math.Round(server, 2),
                Math.Round(self, 2),
                Math.Round(Math.Max(0, machine - server - self), 2));
        }

        // A member killed meanwhile counts 0 at the end: the failover phase is not sampled.
        private long ServerTicks() => _serverPids.Sum(pid => ProcessTicks(pid.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>utime + stime of a process (all its threads), from /proc/&lt;pid&gt;/stat; 0 once it has gone.</summary>
    private static long ProcessTicks(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces, so count fields from the closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
