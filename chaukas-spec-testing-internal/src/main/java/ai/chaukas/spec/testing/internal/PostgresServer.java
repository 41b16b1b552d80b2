package ai.chaukas.spec.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of its own for a test class: Debian's binaries ({@code
 * /usr/lib/postgresql/N/bin}, else {@code initdb} on the PATH) run {@code initdb} into a temporary
 * directory and {@code pg_ctl start} on a free port of 127.0.0.1, with its Unix socket in that
 * directory and {@code fsync} on, as a production server has it. {@link #close()} stops it ({@code
 * pg_ctl stop -m fast}) and deletes the directory; a shutdown hook does the same when a test run
 * ends without closing it. As root (CI containers), the binaries run as the {@code postgres} user of
 * Debian's package, since {@code initdb} refuses root. Logins are trusted, so any password works.
 *
 * <pre>{@code
 * static PostgresServer postgres;
 * @BeforeAll static void start() throws IOException { postgres = PostgresServer.start(); }
 * @AfterAll static void stop() { postgres.close(); }
 * ... ReferenceServer.builder().storeAt(postgres.createDatabase("events")) ...
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

  private static final long PATIENCE_SECONDS = 120;
  private static final String POSTGRES_USER = "postgres";

  private final Path bin;
  private final Path directory;
  private final boolean asPostgresUser;
  private final int port;
  private final Thread shutdownHook;
  private boolean closed;

  private PostgresServer(Path bin, Path directory, boolean asPostgresUser, int port) {
    this.bin = bin;
    this.directory = directory;
    this.asPostgresUser = asPostgresUser;
    this.port = port;
    this.shutdownHook = new Thread(this::stopAndDelete, "postgres-server-cleanup " + port);
  }

  /**
   * Starts a new server and waits until it accepts connections.
   *
   * @throws IllegalStateException if PostgreSQL is not installed, saying how to install it
   * @throws IOException if it cannot be started, with its log
   */
  public static PostgresServer start() throws IOException {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path directory = Files.createTempDirectory("chaukas-postgres");
    PostgresServer server = new PostgresServer(bin, directory, root, freePort());
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      if (root) {
        chownToPostgres(directory);
      }
      Path data = directory.resolve("data");
      // --no-sync only spares initdb's own syncs; the server below syncs every commit (fsync on).
      server.run(true, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", POSTGRES_USER,
          "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
      server.run(true, bin.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-l", directory.resolve("server.log").toString(), "-w", "-t", Long.toString(PATIENCE_SECONDS),
          "-o", "-c listen_addresses=127.0.0.1 -p " + server.port + " -k " + directory
              + " -c fsync=on -c shared_buffers=32MB -c max_connections=100",
          "start");
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The TCP port it listens on at 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * Creates a UTF-8 database named {@code name} and returns its URL in libpq's form, {@code
   * postgresql://postgres:secret@127.0.0.1:PORT/NAME} (with a password, which the server ignores).
   * Its default collation is a language's (ICU {@code en-US}), as databases made for people usually
   * have, so that text compared without an explicit collation does not follow code points.
   */
  public String createDatabase(String name) {
    try {
      run(false, bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
          "-U", POSTGRES_USER, "-E", "UTF8", "-T", "template0", "--locale-provider=icu",
          "--icu-locale=en-US", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return url(name);
  }

  /** The URL of database {@code name} on this server, in libpq's form. */
  public String url(String name) {
    return "postgresql://" + POSTGRES_USER + ":secret@127.0.0.1:" + port + "/" + name;
  }

  /** Stops the server and deletes its directory; harmless when called again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs or has run and stops the server itself.
      return;
    }
    stopAndDelete();
  }

  private void stopAndDelete() {
    try {
      if (Files.exists(directory.resolve("data").resolve("postmaster.pid"))) {
        run(true, bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
            "-m", "fast", "-w", "stop");
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop the test's PostgreSQL server: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + directory + ": " + e.getMessage());
    }
  }

  private static Path findBinaries() {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        // The newest version: the directory names are major versions.
        Path newest = versions
            .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl")))
            .max(Comparator.comparingInt(v -> majorVersion(v.getFileName().toString())))
            .orElse(null);
        if (newest != null) {
          return newest.resolve("bin");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))
          && Files.isExecutable(Path.of(entry, "pg_ctl"))) {
        return Path.of(entry);
      }
    }
    throw new IllegalStateException(
        "these tests need a PostgreSQL server, but initdb and pg_ctl were found neither in"
            + " /usr/lib/postgresql/*/bin nor on the PATH; install them (Debian, Ubuntu: apt-get"
            + " install postgresql) and run the tests again");
  }

  private static int majorVersion(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void chownToPostgres(Path directory) throws IOException {
    UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
    try {
      view.setOwner(users.lookupPrincipalByName(POSTGRES_USER));
      GroupPrincipal group = users.lookupPrincipalByGroupName(POSTGRES_USER);
      view.setGroup(group);
    } catch (IOException e) {
      throw new IllegalStateException(
          "running as root, the PostgreSQL server must run as the user 'postgres', which does not"
              + " exist (" + e.getMessage() + "); install Debian's package (apt-get install"
              + " postgresql), which creates it",
          e);
    }
  }

  /** Runs a command, as the {@code postgres} user when {@code asServerUser} and this runs as root. */
  private void run(boolean asServerUser, String... command) throws IOException {
    List<String> full = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", POSTGRES_USER, "--"));
    }
    full.addAll(List.of(command));
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output;
    try {
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", full) + " did not end within " + PATIENCE_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running " + String.join(" ", full), e);
    }
    if (process.exitValue() != 0) {
      Path log = directory.resolve("server.log");
      throw new IOException(
          String.join(" ", full) + " failed with exit code " + process.exitValue() + ":\n"
              + new String(output, StandardCharsets.UTF_8)
              + (Files.exists(log) ? "server log:\n" + Files.readString(log) : ""));
    }
  }
}
