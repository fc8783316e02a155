package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends one JSON object per line to a file, flushed after every event so that a crash loses
 * at most the event being written. Events from several threads never interleave within a line.
 */
public final class JsonLinesAuditSink implements AuditSink {
  private final Path file;
  private BufferedWriter writer;
  private boolean closed;

  public JsonLinesAuditSink(Path file) {
    this.file = requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION,
          "cannot open the audit file " + file + " for appending: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void record(AuditEvent event) {
    if (closed) {
      throw new IllegalStateException("the audit sink for " + file + " is closed");
    }
    try {
      writer.write(AuditEventJson.write(event));
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot append to the audit file " + file, e);
    }
  }

  @Override
  public synchronized void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot flush the audit file " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot close the audit file " + file, e);
    }
  }

  /**
   * Reads every event of a file this sink wrote, oldest first; an absent file has none.
   *
   * @throws IntegrationException {@code VALIDATION} naming the first malformed line by number
   */
  public static List<AuditEvent> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot read the audit file " + file, e);
    }
    List<AuditEvent> events = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        events.add(AuditEventJson.read(lines.get(i)));
      } catch (IntegrationException e) {
        throw new IntegrationException(ErrorCategory.VALIDATION, file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return events;
  }

  @Override
  public String toString() {
    return "JsonLinesAuditSink[" + file + "]";
  }
}
