using System.Net.Http;
using System.Net.Sockets;

namespace ConfigCenter.Discovery;

/// <summary>
/// Which failures mean "this instance could not be reached" (connect refused or reset, the connection
/// dropped before a response) as opposed to an answer, a timeout or a cancellation.
/// </summary>
public static class ConnectionFailures
{
    private static readonly HashSet<string> IdempotentMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE",
    };

    /// <summary>True for an HTTP method that may be sent twice without changing the outcome (RFC 9110 §9.2.2).</summary>
    public static bool IsIdempotent(HttpMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return IdempotentMethods.Contains(method.Method);
    }

    /// <summary>True when <paramref name="exception"/> says the instance could not be reached or dropped the connection.</summary>
    public static bool IsConnectionFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is OperationCanceledException) return false;
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded })
            return true;
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException) return true;
        }
        return false;
    }
}
