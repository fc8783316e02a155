package dev.integrationagent.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/**
 * One child JVM with the harness's class path: its standard output read line by line (handed to a
 * listener and queued for {@link #await}), its standard error in a file, its standard input kept
 * open (children stop when it closes, so they do not outlive the harness).
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final long startedAt = System.currentTimeMillis();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final OutputStream stdin;

  private ChildJvm(String name, Process process, Consumer<String> listener) {
    this.name = name;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          listener.accept(line);
          lines.add(line);
        }
      } catch (IOException e) {
        // the process died; its output ends here
      }
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(String name, String classpath, String mainClass, List<String> args, Map<String, String> env,
      Path stderr, Consumer<String> listener) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; these JVMs are restarted every few seconds
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    pb.environment().putAll(env);
    try {
      return new ChildJvm(name, pb.start(), listener);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name + ": " + e, e);
    }
  }

  /** The next output line that matches, or null when none came within {@code timeout} or the process ended. */
  @Nullable String await(Predicate<String> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String line = lines.poll(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
            TimeUnit.MILLISECONDS);
        if (line != null && matching.test(line)) {
          return line;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          return null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  void send(String command) {
    try {
      stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " no longer reads its input: " + e, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  long uptimeMillis() {
    return System.currentTimeMillis() - startedAt;
  }

  /** {@code kill -9}: {@link Process#destroyForcibly} is SIGKILL on Linux. Waits (bounded) until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@code timeout} for the process to end by itself; kills it otherwise. Returns whether it ended. */
  boolean awaitExit(Duration timeout) {
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

  @Nullable Integer exitCode() {
    return process.isAlive() ? null : process.exitValue();
  }

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
}
