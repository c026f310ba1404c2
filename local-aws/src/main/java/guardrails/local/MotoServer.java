package guardrails.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The moto AWS emulator in server mode, started on a free loopback port and stopped with the JVM.
 * It is a real process speaking the AWS wire protocols, so the SDK clients under test are the real ones.
 */
public final class MotoServer implements AutoCloseable {

    static final String INSTALL_HINT = "The local AWS emulator is missing. Install it with:"
            + " python3 -m pip install 'moto[server]==5.2.1' then run again.";

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MotoServer start() {
        String python = System.getenv().getOrDefault("GUARDRAILS_PYTHON", "python3");
        requireMoto(python);
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-", ".log");
            Process process = new ProcessBuilder(List.of(python, "-m", "moto.server", "-H", "127.0.0.1",
                    "-p", Integer.toString(port)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MotoServer server = new MotoServer(process, port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto: " + e.getMessage() + ". " + INSTALL_HINT, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static void requireMoto(String python) {
        try {
            Process check = new ProcessBuilder(python, "-c", "import moto.server, flask")
                    .redirectErrorStream(true).start();
            if (check.waitFor() != 0) {
                throw new IllegalStateException(INSTALL_HINT);
            }
        } catch (IOException e) {
            throw new IllegalStateException("python3 was not found. " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited at start: " + tail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("moto did not answer within 30 s: " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
