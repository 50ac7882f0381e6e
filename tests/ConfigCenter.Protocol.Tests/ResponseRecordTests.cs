using ConfigCenter.Protocol.Jute;
using ConfigCenter.Protocol.Records;

namespace ConfigCenter.Protocol.Tests;

public sealed class ResponseRecordTests
{
    private static readonly Stat SampleStat = new(3, 20, 1700000000000, 1700000000500, 1, 5, 0, 0, 1, 5, 16);

    [Fact]
    public void Single_responses_round_trip()
    {
        JuteRoundTrip.Check(new CreateResponse("/a0000000001"), (r, w) => r.Write(w), CreateResponse.Read);
        JuteRoundTrip.Check(new Create2Response("/a", SampleStat), (r, w) => r.Write(w), Create2Response.Read);
        JuteRoundTrip.Check(new StatResponse(SampleStat), (r, w) => r.Write(w), StatResponse.Read);
        JuteRoundTrip.Check(new GetChildrenResponse(["b", "a"]), (r, w) => r.Write(w), GetChildrenResponse.Read);
        JuteRoundTrip.Check(new GetChildren2Response([], SampleStat), (r, w) => r.Write(w), GetChildren2Response.Read);
        JuteRoundTrip.Check(new GetAclResponse([new Acl(Perms.All, Id.Anyone)], SampleStat), (r, w) => r.Write(w), GetAclResponse.Read);
        JuteRoundTrip.Check(new SyncResponse("/a"), (r, w) => r.Write(w), SyncResponse.Read);
        JuteRoundTrip.Check(new GetAllChildrenNumberResponse(9), (r, w) => r.Write(w), GetAllChildrenNumberResponse.Read);
        JuteRoundTrip.Check(new GetEphemeralsResponse(["/e"]), (r, w) => r.Write(w), GetEphemeralsResponse.Read);
        var whoAmI = JuteRoundTrip.Check(new WhoAmIResponse([new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "u")]), (r, w) => r.Write(w), WhoAmIResponse.Read);
        Assert.Equal("digest", whoAmI.ClientInfo[1].AuthScheme);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[0])]
    [InlineData(null)]
    public void GetDataResponse_keeps_data_empty_and_null_apart(byte[]? data)
    {
        var decoded = JuteRoundTrip.Check(new GetDataResponse(data, SampleStat), (r, w) => r.Write(w), GetDataResponse.Read);
        Assert.Equal(data, decoded.Data);
        Assert.Equal(SampleStat, decoded.Stat);
    }

    [Fact]
    public void Successful_multi_response_round_trips()
    {
        var response = new MultiResponse([
            new MultiResult(OpCode.Create, ErrorCode.Ok, new CreateResponse("/m")),
            new MultiResult(OpCode.Create2, ErrorCode.Ok, new Create2Response("/t", SampleStat)),
            new MultiResult(OpCode.SetData, ErrorCode.Ok, new StatResponse(SampleStat)),
            new MultiResult(OpCode.Check, ErrorCode.Ok, null),
            new MultiResult(OpCode.Delete, ErrorCode.Ok, null),
        ]);
        var decoded = JuteRoundTrip.Check(response, (r, w) => r.Write(w), MultiResponse.Read);
        Assert.Equal(response.Results, decoded.Results);
    }

    [Fact]
    public void Failed_multi_marks_earlier_ops_ok_the_culprit_with_its_code_and_later_ops_runtime_inconsistency()
    {
        var response = new MultiResponse([MultiResult.Error(ErrorCode.Ok), MultiResult.Error(ErrorCode.BadVersion), MultiResult.Error(ErrorCode.RuntimeInconsistency)]);
        var bytes = JuteRoundTrip.Write(w => response.Write(w));
        var decoded = JuteRoundTrip.Check(response, (r, w) => r.Write(w), MultiResponse.Read);

        Assert.Equal([ErrorCode.Ok, ErrorCode.BadVersion, ErrorCode.RuntimeInconsistency], decoded.Results.Select(r => r.Err));
        Assert.All(decoded.Results, r => Assert.Equal(OpCode.Error, r.Type));
        // Each error entry: header (type -1, done false, err) then the err again as ErrorResponse: 13 bytes.
        Assert.Equal(3 * 13 + 9, bytes.Length);
    }

    [Fact]
    public void MultiRead_response_round_trips_reads_and_per_op_errors()
    {
        var response = new MultiResponse([
            new MultiResult(OpCode.GetData, ErrorCode.Ok, new GetDataResponse([7], SampleStat)),
            MultiResult.Error(ErrorCode.NoNode),
            new MultiResult(OpCode.GetChildren, ErrorCode.Ok, new GetChildrenResponse(["x"])),
        ]);
        var decoded = JuteRoundTrip.Check(response, (r, w) => r.Write(w), MultiResponse.Read);
        Assert.Equal(ErrorCode.NoNode, decoded.Results[1].Err);
        Assert.Equal(["x"], ((GetChildrenResponse)decoded.Results[2].Body!).Children);
    }
}
