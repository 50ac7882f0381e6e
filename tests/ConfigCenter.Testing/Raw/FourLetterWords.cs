using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConfigCenter.Testing.Raw;

/// <summary>Four-letter-word admin commands (ruok, srvr, stat, ...): sent bare, answered as text, then the server closes.</summary>
public static class FourLetterWords
{
    public static async Task<string> SendAsync(int port, string command, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout ?? RawZkConnection.DefaultTimeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command), SocketFlags.None, deadline.Token);
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0) answer.Write(buffer, 0, read);
        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
