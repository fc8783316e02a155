package dev.integrationagent.store;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.annotation.Nullable;

/**
 * A main class of this test run in a JVM of its own, on the test run's classpath, so that a test
 * can kill it with SIGKILL ({@link Process#destroyForcibly()}) the way a host process dies. Its
 * standard output is read line by line on a thread of its own; its standard error goes to a file
 * that failure messages quote.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(Writer.class, dir, dir.resolve("store").toString())) {
 *   String first = child.nextLine(Duration.ofSeconds(60));
 *   child.kill();
 *   List<String> rest = child.remainingLines();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
  private static final String END = new String("end of output"); // compared by identity

  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private boolean ended;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::readOutput, "child-jvm-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code args}; its standard error goes to a file in {@code dir}. */
  public static ChildJvm start(Class<?> main, Path dir, String... args) throws IOException {
    requireNonNull(main, "main");
    Path stderr = Files.createTempFile(dir, main.getSimpleName(), ".stderr");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(classpath());
    command.add(main.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    return new ChildJvm(process, stderr);
  }

  /**
   * This JVM's classpath. Surefire may start the test JVM on a manifest-only jar whose
   * {@code Class-Path} holds the real entries (relative URIs); those are expanded, so the child
   * sees the same classes whichever way surefire was configured.
   */
  static String classpath() {
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

  private void readOutput() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
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
  public @Nullable String nextLine(java.time.Duration timeout) throws InterruptedException {
    if (ended) {
      return null;
    }
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == END) {
      ended = true;
      return null;
    }
    return line;
  }

  /** Kills the child with SIGKILL, as the OS kills a host process, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child JVM did not die within 60 s of SIGKILL");
    }
  }

  /** After {@link #kill}: every line the child printed that was not read yet. */
  public List<String> remainingLines() throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (String line = nextLine(java.time.Duration.ofSeconds(30)); line != null;
        line = nextLine(java.time.Duration.ofSeconds(30))) {
      out.add(line);
    }
    return out;
  }

  /** The child's exit value, once it has ended. */
  public int exitValue() {
    return process.exitValue();
  }

  /** What the child wrote to standard error, for failure messages. */
  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(standard error unreadable: " + e + ")";
    }
  }

  /** Kills the child if it still runs: a failed test leaves no process behind. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
