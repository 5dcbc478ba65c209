package dev.llmpool.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real S3-compatible server for tests: S3Proxy (Maven Central's {@code org.gaul:s3proxy}, its self-contained jar
 * copied into the module's {@code target/} by the build) in a child JVM, on a free port, storing objects in a temporary
 * folder. Started on first use, shared by the tests of a JVM, stopped when the JVM exits. Its own JVM keeps its Jetty
 * and jclouds off the test's class path.
 */
public final class S3Server {

    /** The system property the build sets to the S3Proxy jar. */
    public static final String JAR_PROPERTY = "llmpool.test.s3proxy-jar";
    public static final String ACCESS_KEY = "llmpool-test";
    public static final String SECRET_KEY = "llmpool-test-secret";

    private static final class Holder {
        private static final S3Server INSTANCE = new S3Server();
    }

    private final Process process;
    private final URI endpoint;

    private S3Server() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no S3Proxy jar: the build sets -D" + JAR_PROPERTY
                    + " (maven-dependency-plugin copies org.gaul:s3proxy:jar-with-dependencies); got " + jar);
        }
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("llmpool-s3-");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data) + "\n");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            this.process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar, "--properties",
                    properties.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            this.endpoint = URI.create("http://127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3proxy-stop"));
            awaitReady(dir.resolve("s3proxy.log"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start S3Proxy", e);
        }
    }

    public static S3Server shared() {
        return Holder.INSTANCE;
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady(Path log) throws IOException {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.getResponseCode();
                connection.disconnect();
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not answer within 60 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
