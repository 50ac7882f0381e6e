using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// Decides what each request is. Called concurrently from every connection's sender, each with its
/// own <see cref="WorkerState"/>; implementations keep no mutable shared state.
/// </summary>
internal interface IWorkload
{
    string Name { get; }

    OpCode NextOperation(WorkerState worker);

    /// <param name="ticket">The request's number in the run, unique across connections.</param>
    void WriteBody(OpCode operation, long ticket, WorkerState worker, JuteWriter writer);
}
