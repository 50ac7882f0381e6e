using ConfigCenter.Protocol;
using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Testing.Raw;

/// <summary>Decodes a reply body by the type of the request it answers, as ZooKeeper's FinalRequestProcessor shapes it.</summary>
public static class ResponseDecoder
{
    /// <summary>Null when the body is empty: errors (other than in multi) carry no body.</summary>
    public static Response? Decode(OpCode requestType, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return requestType is OpCode.Delete or OpCode.Ping or OpCode.Auth or OpCode.CloseSession ? EmptyResponse.Instance : null;
        var reader = new JuteReader(body);
        Response response = requestType switch
        {
            OpCode.Create => CreateResponse.Read(ref reader),
            OpCode.Create2 or OpCode.CreateContainer or OpCode.CreateTtl => Create2Response.Read(ref reader),
            // check answers with a SetDataResponse, which is a Stat.
            OpCode.Exists or OpCode.SetData or OpCode.SetAcl or OpCode.Check => StatResponse.Read(ref reader),
            OpCode.GetData or OpCode.Reconfig => GetDataResponse.Read(ref reader),
            OpCode.GetAcl => GetAclResponse.Read(ref reader),
            OpCode.GetChildren => GetChildrenResponse.Read(ref reader),
            OpCode.GetChildren2 => GetChildren2Response.Read(ref reader),
            OpCode.Sync => SyncResponse.Read(ref reader),
            OpCode.Multi or OpCode.MultiRead => MultiResponse.Read(ref reader),
            OpCode.GetAllChildrenNumber => GetAllChildrenNumberResponse.Read(ref reader),
            OpCode.GetEphemerals => GetEphemeralsResponse.Read(ref reader),
            OpCode.WhoAmI => WhoAmIResponse.Read(ref reader),
            _ => throw new JuteException($"{body.Length} unexpected body bytes for {requestType}"),
        };
        if (!reader.End) throw new JuteException($"{reader.Remaining} trailing bytes after the {requestType} body");
        return response;
    }
}
