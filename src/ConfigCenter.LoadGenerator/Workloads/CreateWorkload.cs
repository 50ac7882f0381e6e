using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// Creates new znodes under the prefix: unique names from the run's tag and the ticket, or
/// sequential nodes whose numbers the server appends.
/// </summary>
internal sealed class CreateWorkload(string prefix, string runTag, bool sequential) : IWorkload
{
    private readonly NumberedPaths _unique = new($"{prefix}/c-{runTag}-");
    private readonly byte[] _sequentialStem = System.Text.Encoding.UTF8.GetBytes($"{prefix}/s-{runTag}-");

    public string Name => "create";

    public OpCode NextOperation(WorkerState worker) => OpCode.Create;

    public void WriteBody(OpCode operation, long ticket, WorkerState worker, JuteWriter writer)
    {
        worker.Random.NextBytes(worker.Data);
        if (sequential)
            RequestBodies.WriteCreate(writer, _sequentialStem, worker.Data, CreateMode.PersistentSequential);
        else
            RequestBodies.WriteCreate(writer, _unique.Format(ticket, worker.PathScratch), worker.Data, CreateMode.Persistent);
    }
}
