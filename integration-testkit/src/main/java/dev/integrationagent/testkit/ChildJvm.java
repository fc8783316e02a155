package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.annotation.Nullable;

/**
 * A main class run in a JVM of its own, so that a test can kill it with SIGKILL the way a host
 * process dies ({@link Process#destroyForcibly()} is {@code kill -9} on Linux) and check what
 * survived: a store, a cursor, an audit file. The child runs on this JVM's class path by default;
 * its standard output is read line by line on a thread of its own, its standard error goes to a
 * file, and its standard input stays open for commands ({@link #send}).
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(Writer.class.getName()).args(store.toString()).start()) {
 *   String first = child.nextLine(Duration.ofSeconds(60));
 *   child.kill();
 *   List<String> rest = child.remainingLines();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
  private static final String END = new String("end of output"); // compared by identity

  private final String name;
  private final Process process;
  private final Path stderr;
  private final long startedNanos = System.nanoTime();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream stdin;
  private boolean ended;

  private ChildJvm(String name, Process process, Path stderr, Consumer<String> listener) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(() -> readOutput(listener), name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** A child that will run {@code mainClass}. */
  public static Builder builder(String mainClass) {
    return new Builder(requireNonNull(mainClass, "mainClass"));
  }

  /**
   * This JVM's class path. Surefire may start a test JVM on a manifest-only jar whose
   * {@code Class-Path} holds the real entries (relative URIs); those are expanded, so a child sees
   * the same classes however surefire was configured.
   */
  public static String currentClasspath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      entries.add(entry);
      Path path = Path.of(entry).toAbsolutePath();
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        entries.addAll(manifestClassPath(path));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> manifestClassPath(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null || classPath.isBlank()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      URI base = jar.getParent().toUri();
      for (String element : classPath.trim().split("\\s+")) {
        URI uri = base.resolve(element);
        out.add("file".equals(uri.getScheme()) ? Path.of(uri).toString() : element);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the manifest of " + jar, e);
    }
  }

  private void readOutput(Consumer<String> listener) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        listener.accept(line);
        lines.add(line);
      }
    } catch (IOException e) {
      // the child died mid-line: what it printed before is in the queue
    } finally {
      lines.add(END);
    }
  }

  /**
   * The next line the child printed, waiting at most {@code timeout}; null when it printed nothing
   * more in that time or its output has ended.
   */
  public @Nullable String nextLine(Duration timeout) {
    if (ended) {
      return null;
    }
    try {
      String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == END) {
        ended = true;
        return null;
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * The next output line that {@code matching} accepts, skipping the others; null when none came
   * within {@code timeout} or the output ended.
   */
  public @Nullable String await(Predicate<String> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      String line = nextLine(Duration.ofNanos(left));
      if (line == null) {
        return null;
      }
      if (matching.test(line)) {
        return line;
      }
    }
    return null;
  }

  /** After {@link #kill}: every line the child printed that was not read yet. */
  public List<String> remainingLines() {
    List<String> out = new ArrayList<>();
    for (String line = nextLine(Duration.ofSeconds(30)); line != null; line = nextLine(Duration.ofSeconds(30))) {
      out.add(line);
    }
    return out;
  }

  /** Writes one line to the child's standard input. */
  public void send(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " no longer reads its input: " + e, e);
    }
  }

  /** Kills the child with SIGKILL, as the OS kills a host process, and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die within 60 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for the child to end by itself, and kills it otherwise; whether it ended. */
  public boolean awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill();
    return false;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** How long ago the child was started. */
  public Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** The child's exit value once it has ended, else null. */
  public @Nullable Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** What the child wrote to standard error so far, for failure messages. */
  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(standard error unreadable: " + e + ")";
    }
  }

  /** Closes the child's input and kills it if it still runs: a failed test leaves no process behind. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // gone already
    }
    if (process.isAlive()) {
      kill();
    }
  }

  /** How to start a {@link ChildJvm}. */
  public static final class Builder {
    private final String mainClass;
    private String name;
    private String classpath = currentClasspath();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private @Nullable Path stderr;
    private Consumer<String> listener = line -> { };

    private Builder(String mainClass) {
      this.mainClass = mainClass;
      this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /** Names the child in thread names and messages. Default: the main class's simple name. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Default: {@link #currentClasspath()}. */
    public Builder classpath(String classpath) {
      this.classpath = requireNonNull(classpath, "classpath");
      return this;
    }

    /** An option for the child's {@code java} command, after {@code -Xmx256m}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(requireNonNull(option, "option"));
      return this;
    }

    public Builder args(String... args) {
      return args(List.of(args));
    }

    public Builder args(List<String> args) {
      this.args.addAll(args);
      return this;
    }

    /** Variables added to the child's environment. */
    public Builder env(Map<String, String> env) {
      this.env.putAll(env);
      return this;
    }

    /** The file the child's standard error is appended to. Default: a new temporary file. */
    public Builder stderr(Path file) {
      this.stderr = requireNonNull(file, "file");
      return this;
    }

    /** Called on the reader thread with every line the child prints, before it is queued. */
    public Builder onLine(Consumer<String> listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    public ChildJvm start() {
      try {
        Path err = stderr != null ? stderr : Files.createTempFile(name, ".stderr");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().putAll(env);
        return new ChildJvm(name, pb.start(), err, listener);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + name, e);
      }
    }
  }
}
