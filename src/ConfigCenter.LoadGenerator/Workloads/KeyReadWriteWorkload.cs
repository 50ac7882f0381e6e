using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;

namespace ConfigCenter.LoadGenerator.Workloads;

/// <summary>
/// getData and unconditional setData on keys of the dataset, chosen uniformly at random; the read
/// ratio makes it setData (0), getData (1) or a mix.
/// </summary>
internal sealed class KeyReadWriteWorkload(string name, KeySpace keys, double readRatio) : IWorkload
{
    private const int AnyVersion = -1;

    public string Name => name;

    public OpCode NextOperation(WorkerState worker) => readRatio switch
    {
        >= 1 => OpCode.GetData,
        <= 0 => OpCode.SetData,
        _ => worker.Random.NextDouble() < readRatio ? OpCode.GetData : OpCode.SetData,
    };

    public void WriteBody(OpCode operation, long ticket, WorkerState worker, JuteWriter writer)
    {
        var path = keys.Paths.Format(worker.Random.NextInt64(keys.Count), worker.PathScratch);
        if (operation == OpCode.GetData)
        {
            RequestBodies.WriteGetData(writer, path, watch: false);
            return;
        }

        worker.Random.NextBytes(worker.Data);
        RequestBodies.WriteSetData(writer, path, worker.Data, AnyVersion);
    }
}
