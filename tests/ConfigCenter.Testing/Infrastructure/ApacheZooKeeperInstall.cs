namespace ConfigCenter.Testing.Infrastructure;

/// <summary>Where Debian's zookeeper package puts the pieces the harness needs.</summary>
public static class ApacheZooKeeperInstall
{
    private const string JavaLibraryDirectory = "/usr/share/java";

    /// <summary>Java from JAVA_HOME when set, otherwise Debian's /usr/bin/java.</summary>
    public static string JavaExecutable
    {
        get
        {
            var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
            var candidate = string.IsNullOrEmpty(javaHome) ? "/usr/bin/java" : Path.Combine(javaHome, "bin", "java");
            return RequireFile(candidate, "Java (apt-get install default-jre-headless)");
        }
    }

    /// <summary>Classpath for the server: zookeeper.jar (its manifest pulls in the dependencies) and a logger that writes to stderr.</summary>
    public static string ServerClassPath => ClassPathWithOptionalLogger("slf4j-simple.jar");

    /// <summary>Classpath for zkCli: the no-op logger keeps SLF4J's "no binding" warning out of the command output.</summary>
    public static string ClientClassPath => ClassPathWithOptionalLogger("slf4j-nop.jar");

    private static string ClassPathWithOptionalLogger(string loggerJar)
    {
        var zookeeperJar = RequireFile(Path.Combine(JavaLibraryDirectory, "zookeeper.jar"), "Apache ZooKeeper (apt-get install zookeeper)");
        var logger = Path.Combine(JavaLibraryDirectory, loggerJar);
        return File.Exists(logger) ? $"{zookeeperJar}:{logger}" : zookeeperJar;
    }

    /// <summary>JVM flags that shorten start-up and keep two-core machines responsive; the JIT gains nothing in short tests.</summary>
    public static IReadOnlyList<string> FastStartJvmFlags { get; } =
        ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m"];

    private static string RequireFile(string path, string what) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{what} not found at {path}.", path);
}
