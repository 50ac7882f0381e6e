using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConfigCenter.Testing.Servers;

/// <summary>The four-letter-word admin protocol: send four ASCII bytes, read until the server closes.</summary>
public static class FourLetterWords
{
    public static async Task<string> SendAsync(int port, string word, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (word.Length != 4)
        {
            throw new ArgumentException($"A four-letter word has four letters, not \"{word}\".", nameof(word));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(word), deadline.Token).ConfigureAwait(false);

        using var reply = new MemoryStream();
        await stream.CopyToAsync(reply, deadline.Token).ConfigureAwait(false);
        return Encoding.UTF8.GetString(reply.ToArray());
    }
}
