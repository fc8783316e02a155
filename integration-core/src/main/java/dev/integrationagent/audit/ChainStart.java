package dev.integrationagent.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Where a sink opening a file takes up the chain: after the file's last whole record; for an
 * empty file, after the newest file rotated from it (a crash between a rotation's rename and the
 * new file's first record loses no link); otherwise at the genesis hash. Also what a crash left:
 * a last line without its newline, and whether it is torn or a whole record.
 *
 * @param prev the hash the next record chains from
 * @param predecessor what the next record names as its predecessor file, or null
 * @param day the day of the file's last record, or null for a file with none
 * @param unterminated whether the file's last line lacks its newline
 * @param torn that line when it is not a whole record, or null
 */
record ChainStart(String prev, @Nullable ObjectNode predecessor, @Nullable LocalDate day, boolean unterminated,
    @Nullable AuditFileLines.Line torn) {

  static ChainStart of(Path file, AuditFileNames names, AuditHasher hasher, ZoneId zone) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return afterRotated(names);
    }
    ObjectNode last = lastWholeLine(file);
    if (last != null && last.path("hash").isTextual() && last.path("prev").isTextual()) {
      return new ChainStart(last.get("hash").textValue(), null, day(last, zone), false, null);
    }
    return recovering(file, names, hasher, zone);
  }

  private static ChainStart afterRotated(AuditFileNames names) {
    List<Path> rotated = names.rotated();
    if (rotated.isEmpty()) {
      return new ChainStart(AuditHasher.GENESIS, null, null, false, null);
    }
    Path newest = rotated.get(rotated.size() - 1);
    String hash = lastHash(AuditFileLines.read(newest));
    if (hash == null) {
      return new ChainStart(AuditHasher.GENESIS, null, null, false, null);
    }
    ObjectNode predecessor = AuditHasher.JSON.createObjectNode()
        .put("file", newest.getFileName().toString()).put("hash", hash);
    return new ChainStart(hash, predecessor, null, false, null);
  }

  /** The slow path, reading the whole file: its end is not a whole chained record. */
  private static ChainStart recovering(Path file, AuditFileNames names, AuditHasher hasher, ZoneId zone) {
    List<AuditFileLines.Line> lines = AuditFileLines.read(file);
    AuditFileLines.Line end = lines.get(lines.size() - 1);
    boolean unterminated = !end.terminated();
    AuditFileLines.Line torn = null;
    if (unterminated && !(end.chained() && hasher.hash(end.prev(), end.json()).equals(end.hash()))) {
      torn = end;
    }
    AuditFileLines.Line lastChained = null;
    for (AuditFileLines.Line line : lines) {
      if (line.chained() && line != torn) {
        lastChained = line;
      }
    }
    if (lastChained == null) {
      ChainStart start = afterRotated(names);
      return new ChainStart(start.prev(), start.predecessor(), null, unterminated, torn);
    }
    return new ChainStart(lastChained.hash(), null, day(lastChained.json(), zone), unterminated, torn);
  }

  static @Nullable String lastHash(List<AuditFileLines.Line> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).chained()) {
        return lines.get(i).hash();
      }
    }
    return null;
  }

  /** The file's last line when the file ends with a newline, parsed; null otherwise. */
  private static @Nullable ObjectNode lastWholeLine(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (byteAt(ch, size - 1) != '\n') {
        return null;
      }
      long start = size - 1;
      while (start > 0 && byteAt(ch, start - 1) != '\n') {
        start--;
      }
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - 1 - start));
      while (buffer.hasRemaining() && ch.read(buffer, start + buffer.position()) >= 0) {
        // reads until the line is in
      }
      return AuditHasher.JSON.readTree(new String(buffer.array(), StandardCharsets.UTF_8)) instanceof ObjectNode o
          ? o : null;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static int byteAt(FileChannel ch, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return ch.read(one, position) == 1 ? one.get(0) : -1;
  }

  private static @Nullable LocalDate day(ObjectNode record, ZoneId zone) {
    try {
      return LocalDate.ofInstant(Instant.parse(record.path("at").asText()), zone);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
