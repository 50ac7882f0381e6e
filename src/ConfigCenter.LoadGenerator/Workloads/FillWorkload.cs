using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// Creates the dataset the read and write workloads use: key N is created by ticket N, so a fill
/// of --requests N leaves exactly keys 0..N-1 (the ones <see cref="KeySpace"/> names).
/// </summary>
internal sealed class FillWorkload(KeySpace keys) : IWorkload
{
    public string Name => "fill";

    public OpCode NextOperation(WorkerState worker) => OpCode.Create;

    public void WriteBody(OpCode operation, long ticket, WorkerState worker, JuteWriter writer)
    {
        worker.Random.NextBytes(worker.Data);
        RequestBodies.WriteCreate(writer, keys.Paths.Format(ticket, worker.PathScratch), worker.Data, CreateMode.Persistent);
    }
}
