package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Appends one JSON object per line to a file, each line hash-chained to the one before it so that
 * {@link AuditLogs#verify(Path)} finds a record edited, removed, inserted or moved. Every record is
 * handed to the operating system before {@link #record} returns, so a crash loses at most the
 * record being written; records from several threads never interleave.
 *
 * <pre>{@code
 * AuditSink sink = JsonLinesAuditSink.builder(Path.of("audit/audit.jsonl"))
 *     .rotateAtBytes(50_000_000).rotateDaily(ZoneId.of("Europe/Paris"))
 *     .hmacKey(key).build();
 * }</pre>
 *
 * <p>A line is the record's {@link AuditEventJson#tree JSON} with {@code prev}, the hash of the
 * record before it (64 zeros for the first record of the first file), and
 * {@code hash} (see {@code docs/audit-events.md}, "Hash-chained audit files"). Reopening a file
 * continues its chain. A last line that a crash cut short is kept, given its newline, and followed
 * by an {@code audit.recovered} record (SKIPPED) naming its line number and length, chained from
 * the last whole record, so that nothing is hidden and the verifier can name it TORN.
 *
 * <p>When rotation is due the file is renamed beside itself ({@code audit.2026-01-05.1.jsonl}) and
 * the first record of the new file carries {@code predecessor}: that name and its last hash.
 */
public final class JsonLinesAuditSink implements AuditSink {
  private final Path file;
  private final AuditFileNames names;
  private final AuditHasher hasher;
  private final Clock clock;
  private final long maxBytes;
  private final @Nullable ZoneId dailyZone;
  private FileChannel channel;
  private long size;
  private LocalDate day;
  private String prev;
  private @Nullable ObjectNode predecessor;
  private boolean closed;

  /** A sink that never rotates and hashes with plain SHA-256: {@code builder(file).build()}. */
  public JsonLinesAuditSink(Path file) {
    this(builder(file));
  }

  private JsonLinesAuditSink(Builder b) {
    this.file = b.file;
    this.names = new AuditFileNames(b.file);
    this.hasher = AuditHasher.of(b.hmacKey);
    this.clock = b.clock;
    this.maxBytes = b.maxBytes;
    this.dailyZone = b.dailyZone;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ChainStart start = ChainStart.of(file, names, hasher, zone());
      this.prev = start.prev();
      this.predecessor = start.predecessor();
      this.day = start.day() == null ? today() : start.day();
      this.channel = open();
      try {
        if (start.unterminated()) {
          write(new byte[] {'\n'});
        }
        if (start.torn() != null) {
          append(line(recovered(start.torn())));
        }
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.CONFIGURATION,
          "cannot open the audit file " + file + " for appending: " + e.getMessage(), e);
    }
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  @Override
  public synchronized void record(AuditEvent event) {
    requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException("the audit sink for " + file + " is closed");
    }
    try {
      if (dailyZone != null && size > 0 && !today().equals(day)) {
        rotate();
      }
      Chained line = line(event);
      if (maxBytes > 0 && size > 0 && size + line.bytes().length > maxBytes) {
        rotate();
        line = line(event);
      }
      append(line);
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot append to the audit file " + file, e);
    }
  }

  /** Nothing to do: every record reached the operating system when {@link #record} returned. */
  @Override
  public synchronized void flush() {}

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot close the audit file " + file, e);
    }
  }

  /**
   * Reads every record of one file this sink wrote, oldest first, leaving out a line a crash tore;
   * an absent file has none. {@link AuditLogs#read(Path)} reads a rotated sequence.
   *
   * @throws IntegrationException {@code VALIDATION} naming the first malformed line by number
   */
  public static List<AuditEvent> read(Path file) {
    return AuditLogs.readFile(file);
  }

  /** A line ready to append and the hash the next record chains from. */
  private record Chained(byte[] bytes, String hash) {}

  private Chained line(AuditEvent event) {
    ObjectNode node = AuditEventJson.tree(event);
    if (predecessor != null) {
      node.set("predecessor", predecessor.deepCopy());
    }
    node.put("prev", prev);
    ObjectNode parsed = AuditHasher.reparsed(node);
    String hash = hasher.hash(prev, parsed);
    parsed.put("hash", hash);
    try {
      byte[] json = AuditHasher.JSON.writeValueAsBytes(parsed);
      byte[] line = Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return new Chained(line, hash);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit event failed to serialize", e);
    }
  }

  /** Writes a whole line; on failure cuts the file back so that no half line stays behind. */
  private void write(byte[] line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(line);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      try {
        channel.truncate(size);
      } catch (IOException ignored) {
        // the next open finds the torn line and records it
      }
      throw e;
    }
    size += line.length;
  }

  private void append(Chained line) throws IOException {
    write(line.bytes());
    prev = line.hash();
    predecessor = null;
  }

  private void rotate() throws IOException {
    channel.close();
    Path target = names.next(day);
    try {
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(file, target);
      }
    } catch (IOException e) {
      channel = open(); // keep appending to the unrotated file rather than refuse every record
      throw e;
    }
    predecessor = AuditHasher.JSON.createObjectNode().put("file", target.getFileName().toString()).put("hash", prev);
    channel = open();
    size = 0;
    day = today();
  }

  private AuditEvent recovered(AuditFileLines.Line torn) {
    String name = file.getFileName().toString();
    return AuditEvent.builder(AuditFileLines.RECOVERED, AuditEvent.Outcome.SKIPPED, clock.instant())
        .actor(AuditEvent.Actor.agent("audit"))
        .attribute("file", name).attribute("tornLine", Integer.toString(torn.number()))
        .attribute("tornBytes", Integer.toString(torn.length())).attribute("chainedFrom", prev)
        .message("line " + torn.number() + " of " + name + " was cut short by a crash (" + torn.length()
            + " bytes without an end); it is kept as it was, outside the chain")
        .build();
  }

  private FileChannel open() throws IOException {
    FileChannel opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    size = opened.size();
    return opened;
  }

  private ZoneId zone() {
    return dailyZone == null ? ZoneOffset.UTC : dailyZone;
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone());
  }

  @Override
  public String toString() {
    return "JsonLinesAuditSink[" + file + "]";
  }

  /** Configures a {@link JsonLinesAuditSink}; by default it never rotates and hashes with SHA-256. */
  public static final class Builder {
    private final Path file;
    private long maxBytes;
    private @Nullable ZoneId dailyZone;
    private @Nullable byte[] hmacKey;
    private Clock clock = Clock.systemUTC();

    private Builder(Path file) {
      this.file = requireNonNull(file, "file");
    }

    /** Rotates before a record would take the file past {@code bytes} (a longer record gets a file of its own). */
    public Builder rotateAtBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("rotateAtBytes must be at least 1 but was " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /** Rotates before the first record of each new day in {@code zone}, by the {@link #clock}. */
    public Builder rotateDaily(ZoneId zone) {
      this.dailyZone = requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Hashes with HMAC-SHA256 under {@code key}, so that only a holder of the key can write a
     * chain that verifies: keep the key away from the machine whose log it protects.
     */
    public Builder hmacKey(byte[] key) {
      requireNonNull(key, "key");
      if (key.length == 0) {
        throw new IllegalArgumentException("hmacKey must not be empty");
      }
      this.hmacKey = key.clone();
      return this;
    }

    /** The clock that decides the day and stamps an {@code audit.recovered} record. */
    public Builder clock(Clock value) {
      this.clock = requireNonNull(value, "clock");
      return this;
    }

    public JsonLinesAuditSink build() {
      return new JsonLinesAuditSink(this);
    }
  }
}
