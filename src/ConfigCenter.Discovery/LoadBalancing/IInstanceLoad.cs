namespace ConfigCenter.Discovery;

/// <summary>What a strategy may know of the instances' load.</summary>
public interface IInstanceLoad
{
    /// <summary>Requests this process has sent to the instance that have not completed.</summary>
    int OutstandingRequests(string instanceId);
}
