using ConfigCenter.Protocol;

namespace ConfigCenter.Discovery;

/// <summary>Curator's layout: <c>{basePath}/{serviceName}/{instanceId}</c> (service names may contain '/').</summary>
internal static class RegistryPaths
{
    public static string ForService(string basePath, string serviceName)
    {
        var trimmed = serviceName.Trim('/');
        if (trimmed.Length == 0) throw new ArgumentException("A service name must not be empty.", nameof(serviceName));
        var path = ZkPath.Combine(basePath, trimmed);
        if (ZkPath.Validate(path) is { } problem)
            throw new ArgumentException($"\"{serviceName}\" does not make a znode path: {problem}.", nameof(serviceName));
        return path;
    }

    public static string ForInstance(string basePath, string serviceName, string instanceId) =>
        ZkPath.Combine(ForService(basePath, serviceName), instanceId);
}
