package io.caracal.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Caracal installation run as a real process: a fresh copy of the built distribution in a
 * temporary directory, with free ports written into its default configuration files.
 *
 * <p>Typical use: {@link #create(String)}, adjust configuration files, {@link #start()},
 * {@link #awaitServing(String)}; {@link #close()} in {@code @AfterAll} stops the process
 * (SIGTERM, then SIGKILL after a bounded wait) and deletes the copy.
 */
final class CaracalProcess implements AutoCloseable {

    /** System property with the unpacked distribution (set by the failsafe configuration). */
    static final String DISTRIBUTION_PROPERTY = "caracal.distribution";
    /** Set to true to keep the temporary installations for inspection. */
    static final String KEEP_PROPERTY = "caracal.e2e.keep";

    static final String LISTENER_CFG = "io.caracal.listener.http-default.cfg";
    static final String CLUSTER_CFG = "io.caracal.cluster-demo.cfg";
    static final String ROUTE_CFG = "io.caracal.route-default.cfg";
    static final String DEMO_ORIGIN_CFG = "io.caracal.demo.origin.cfg";
    static final String HTTPS_LISTENER_CFG = "io.caracal.listener.http-https.cfg";

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern KEY_LINE = Pattern.compile("^\\s*([^#!\\s=:][^=:]*?)\\s*[=:].*$");
    private static final int DIAGNOSTIC_LINES = 250;

    private final String name;
    private final Path root;
    private final Path home;
    private final Path staging;
    private final int listenerPort;
    private final int adminPort;
    private final int demo1Port;
    private final int demo2Port;
    private final int httpsPort;
    private Process process;
    private Thread killOnExit;
    private long startNanos;

    private CaracalProcess(String name, Path root) throws IOException {
        this.name = name;
        this.root = root;
        this.home = root.resolve("caracal");
        this.staging = Files.createDirectories(root.resolve("staging"));
        int[] ports = FreePorts.allocate(5);
        listenerPort = ports[0];
        adminPort = ports[1];
        demo1Port = ports[2];
        demo2Port = ports[3];
        httpsPort = ports[4];
    }

    /** Copies the distribution to a new temporary directory and gives it free ports. */
    static CaracalProcess create(String name) throws IOException {
        String configured = System.getProperty(DISTRIBUTION_PROPERTY);
        if (configured == null) {
            throw new IllegalStateException("system property " + DISTRIBUTION_PROPERTY + " is not set; run with mvn verify");
        }
        Path distribution = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isExecutable(distribution.resolve("bin/caracal"))) {
            throw new IllegalStateException("no built distribution at " + distribution
                    + "; build it with: mvn install -DskipTests -pl distribution -am");
        }
        CaracalProcess caracal = new CaracalProcess(name, Files.createTempDirectory("caracal-e2e-" + name + "-"));
        copyDistribution(distribution, caracal.home);
        caracal.updateConfig(LISTENER_CFG, Map.of("port", Integer.toString(caracal.listenerPort)));
        caracal.updateConfig(HTTPS_LISTENER_CFG, Map.of("port", Integer.toString(caracal.httpsPort)));
        caracal.updateConfig(DEMO_ORIGIN_CFG, Map.of("ports", caracal.demo1Port + ", " + caracal.demo2Port));
        caracal.updateConfig(CLUSTER_CFG, Map.of("upstreams", caracal.demo1Url() + ", " + caracal.demo2Url()));
        return caracal;
    }

    /** The installation only: no run state (data/), logs or generated password from the source. */
    private static void copyDistribution(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (from.relativize(dir).toString().equals("data")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = from.relativize(file).toString();
                boolean runState = relative.equals("conf/admin.password")
                        || relative.startsWith("logs/") && !relative.endsWith(".txt");
                if (!runState) {
                    Files.copy(file, to.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---------------------------------------------------------------- layout and addresses

    Path home() {
        return home;
    }

    /** conf/caracal: the default configuration files, watched by FileInstall. */
    Path configDir() {
        return home.resolve("conf/caracal");
    }

    /** deploy/: watched for bundles and configuration files. */
    Path deployDir() {
        return home.resolve("deploy");
    }

    Path logFile() {
        return home.resolve("logs/caracal.log");
    }

    Path outputFile() {
        return root.resolve("process.out");
    }

    int listenerPort() {
        return listenerPort;
    }

    int httpsPort() {
        return httpsPort;
    }

    int adminPort() {
        return adminPort;
    }

    String demo1Url() {
        return "http://127.0.0.1:" + demo1Port;
    }

    String demo2Url() {
        return "http://127.0.0.1:" + demo2Port;
    }

    /** A URL on the default listener, over loopback. */
    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + listenerPort + pathAndQuery);
    }

    /** A URL on the admin (web console) port. */
    URI adminUrl(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + adminPort + pathAndQuery);
    }

    // ---------------------------------------------------------------- configuration files

    /**
     * Sets {@code key = value} lines in an existing file of conf/caracal, keeping comments and
     * other keys; keys not yet in the file are appended.
     */
    void updateConfig(String fileName, Map<String, String> values) {
        Path file = configDir().resolve(fileName);
        try {
            Map<String, String> pending = new LinkedHashMap<>(values);
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher key = KEY_LINE.matcher(line);
                if (key.matches() && pending.containsKey(key.group(1))) {
                    lines.add(key.group(1) + " = " + pending.remove(key.group(1)));
                } else {
                    lines.add(line);
                }
            }
            pending.forEach((key, value) -> lines.add(key + " = " + value));
            write(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or replaces) a configuration file in conf/caracal. */
    Path writeConfig(String fileName, String... lines) {
        return writeConfig(configDir(), fileName, lines);
    }

    /** Writes (or replaces) a configuration file in {@code dir} (conf/caracal or deploy/). */
    Path writeConfig(Path dir, String fileName, String... lines) {
        Path file = dir.resolve(fileName);
        write(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** Copies a file (a bundle) into deploy/ in one step, so FileInstall never sees half of it. */
    Path deploy(Path jar) {
        Path target = deployDir().resolve(jar.getFileName().toString());
        try {
            Path temporary = Files.createTempFile(staging, "deploy-", ".part");
            Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /**
     * Writes via a file outside the watched directories and an atomic move: FileInstall polls
     * every second and must not read a half-written file.
     */
    private void write(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(staging, "write-", ".part");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Starts bin/caracal in the foreground; output goes to {@link #outputFile()}. */
    CaracalProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already started");
        }
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/caracal").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(outputFile().toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("CARACAL_JAVA_OPTS", "-Dorg.osgi.service.http.port=" + adminPort);
        environment.remove("CARACAL_ADMIN_PASSWORD"); // exercise the generated conf/admin.password
        startNanos = System.nanoTime();
        process = builder.start();
        // Should the test JVM die before @AfterAll (e.g. the failsafe timeout), take Caracal along.
        Process started = process;
        killOnExit = new Thread(started::destroyForcibly, "kill-caracal-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        System.out.printf("[%s] started Caracal pid %d in %s (listener %d, admin %d, demo origins %d and %d)%n",
                name, process.pid(), home, listenerPort, adminPort, demo1Port, demo2Port);
        return this;
    }

    Process process() {
        return process;
    }

    /**
     * Waits until the demo origins accept connections, then until {@code GET path} on the listener
     * answers 200.
     *
     * @return the time from process start to that first served request
     */
    Duration awaitServing(String path) {
        // The demo origins start in the same process, maybe after the listener: requests sent
        // before they listen fail, and five failures eject an upstream for 30 s (outlier detection).
        for (int port : new int[] {demo1Port, demo2Port}) {
            Poll.until(START_TIMEOUT, "the demo origin on port " + port + " to accept connections", () -> {
                assertAlive();
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1_000);
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, accepted -> accepted);
        }
        Poll.until(START_TIMEOUT, "Caracal (pid " + process.pid() + ") to serve GET " + path + " with 200",
                () -> {
                    assertAlive();
                    return Http.get(url(path)).statusCode();
                }, status -> status == 200);
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The web console password, from conf/admin.password (generated at first start). */
    String adminPassword() {
        return Poll.until(START_TIMEOUT, "conf/admin.password to be generated", () -> {
            assertAlive();
            Path file = home.resolve("conf/admin.password");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
        }, password -> !password.isEmpty());
    }

    /** GET on the admin port with the admin credentials. */
    HttpResponse<String> console(String path) throws IOException, InterruptedException {
        return Http.get(adminUrl(path), "Authorization", Http.basicAuth("admin", adminPassword()));
    }

    /** Waits until the web console answers an authenticated request on the admin port. */
    void awaitConsole() {
        Poll.until(START_TIMEOUT, "the web console to answer on 127.0.0.1:" + adminPort
                + " (the port given with -Dorg.osgi.service.http.port in CARACAL_JAVA_OPTS)", () -> {
                    assertAlive();
                    return console("/system/console/bundles.json").statusCode();
                }, status -> status == 200);
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Caracal exited with status " + process.exitValue());
        }
    }

    /** The content of logs/caracal.log so far. */
    String log() {
        return read(logFile());
    }

    /** Waits until logs/caracal.log has a line containing all of {@code fragments}, and returns it. */
    String awaitLogLine(String... fragments) {
        return Poll.until(CHANGE_TIMEOUT, "a line in logs/caracal.log containing all of " + List.of(fragments),
                () -> log().lines().filter(line -> List.of(fragments).stream().allMatch(line::contains))
                        .findFirst().orElse(null),
                line -> line != null);
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL if it has not exited within {@link #STOP_TIMEOUT}.
     * Does nothing if it was never started or has already exited.
     *
     * @return the exit status, or -1 if it was never started or could not be stopped
     */
    int stop() {
        if (process == null) {
            return -1;
        }
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.printf("[%s] Caracal pid %d did not stop within %d s after SIGTERM: killing it%n",
                            name, process.pid(), STOP_TIMEOUT.toSeconds());
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops the process and deletes the installation (unless -Dcaracal.e2e.keep=true). */
    @Override
    public void close() {
        stop();
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.out.printf("[%s] kept %s%n", name, root);
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.printf("[%s] could not delete %s: %s%n", name, root, e);
        }
    }

    // ---------------------------------------------------------------- diagnostics

    /** The tail of logs/caracal.log and of the process output, for failure reports. */
    String diagnostics() {
        String state = process == null ? "never started"
                : process.isAlive() ? "running, pid " + process.pid() : "exited with status " + process.exitValue();
        return "\n===== Caracal '" + name + "' in " + home + " (" + state + ", listener " + listenerPort
                + ", admin " + adminPort + ") =====\n"
                + "----- logs/caracal.log (last " + DIAGNOSTIC_LINES + " lines) -----\n" + tail(logFile())
                + "----- process output (last " + DIAGNOSTIC_LINES + " lines) -----\n" + tail(outputFile())
                + "===== end of Caracal '" + name + "' =====\n";
    }

    private static String tail(Path file) {
        List<String> lines = read(file).lines().toList();
        StringBuilder out = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - DIAGNOSTIC_LINES), lines.size())
                .forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String read(Path file) {
        try {
            // Not readString: a log may quote bytes that are not UTF-8; decoding replaces them.
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")\n";
        }
    }

    @Override
    public String toString() {
        return "Caracal '" + name + "' in " + home;
    }
}
