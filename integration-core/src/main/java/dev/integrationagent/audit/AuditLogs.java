package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.audit.AuditFileLines.Line;
import dev.integrationagent.audit.AuditVerification.Kind;
import dev.integrationagent.audit.AuditVerification.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import javax.annotation.Nullable;

/**
 * Reads back and verifies the hash-chained files a {@link JsonLinesAuditSink} writes.
 *
 * <pre>{@code
 * AuditVerification v = AuditLogs.verifyAll(Path.of("audit/audit.jsonl"));
 * List<AuditEvent> history = AuditLogs.query(Path.of("audit/audit.jsonl"), AuditQuery.all().item("jira", "APP-3"));
 * }</pre>
 *
 * <p>A plain SHA-256 chain shows accidental damage and clumsy edits, but whoever can write the
 * file can also recompute every hash after the record they changed, and such a chain verifies.
 * Only a chain written with an HMAC key ({@link JsonLinesAuditSink.Builder#hmacKey}) and verified
 * with {@link #verify(Path, byte[])} resists that, as long as the key is not on the same machine.
 * Neither shows records cut from the end of the live file: compare the last hash with one kept
 * elsewhere for that.
 */
public final class AuditLogs {
  private AuditLogs() {}

  /**
   * Verifies one file with plain SHA-256 hashes, and that its predecessor, when beside it, ends
   * with the hash its first record names.
   *
   * @throws IntegrationException {@code NOT_FOUND} when there is no such file
   */
  public static AuditVerification verify(Path file) {
    return verify(existing(file), AuditHasher.of(null), false);
  }

  /** Verifies one file of a chain written with {@code hmacKey}. */
  public static AuditVerification verify(Path file, byte[] hmacKey) {
    return verify(existing(file), AuditHasher.of(requireNonNull(hmacKey, "hmacKey")), false);
  }

  private static Path existing(Path file) {
    if (!Files.isRegularFile(requireNonNull(file, "file"))) {
      throw new IntegrationException(ErrorCategory.NOT_FOUND, "no audit file at " + file);
    }
    return file;
  }

  /**
   * Verifies a whole rotated sequence: given a directory, the sequence of every {@code .jsonl}
   * file in it (each live file with the files rotated from it); given a file, live or rotated,
   * its sequence. Also reports a predecessor that is missing.
   */
  public static AuditVerification verifyAll(Path directoryOrFile) {
    return verifyAll(directoryOrFile, null);
  }

  /** {@link #verifyAll(Path)} for a chain written with {@code hmacKey} (null: plain SHA-256). */
  public static AuditVerification verifyAll(Path directoryOrFile, @Nullable byte[] hmacKey) {
    requireNonNull(directoryOrFile, "directoryOrFile");
    AuditHasher hasher = AuditHasher.of(hmacKey);
    List<Path> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int records = 0;
    for (Path live : liveFiles(directoryOrFile)) {
      for (Path file : new AuditFileNames(live).sequence()) {
        if (!Files.exists(file)) {
          continue;
        }
        AuditVerification one = verify(file, hasher, true);
        files.add(file);
        records += one.records();
        problems.addAll(one.problems());
      }
    }
    return new AuditVerification(files, records, problems);
  }

  /**
   * The records of {@code file}, oldest first; for a live file with files rotated from it, those
   * files' records first. Lines a crash tore are left out.
   *
   * @throws IntegrationException {@code VALIDATION} naming a line that is not a record
   */
  public static List<AuditEvent> read(Path file) {
    requireNonNull(file, "file");
    if (AuditFileNames.rotated(file)) {
      return readFile(file);
    }
    List<AuditEvent> out = new ArrayList<>();
    for (Path f : new AuditFileNames(file).sequence()) {
      out.addAll(readFile(f));
    }
    return out;
  }

  /** The records of {@link #read(Path)} that {@code query} asks for, oldest first, the newest {@code limit}. */
  public static List<AuditEvent> query(Path file, AuditQuery query) {
    requireNonNull(query, "query");
    Deque<AuditEvent> kept = new ArrayDeque<>();
    for (AuditEvent e : read(file)) {
      if (query.matches(e)) {
        kept.addLast(e);
        if (kept.size() > query.limit()) {
          kept.removeFirst();
        }
      }
    }
    return List.copyOf(kept);
  }

  static List<AuditEvent> readFile(Path file) {
    List<AuditEvent> out = new ArrayList<>();
    for (Line line : AuditFileLines.records(file, AuditFileLines.read(file))) {
      try {
        out.add(AuditEventJson.read(line.json()));
      } catch (IntegrationException e) {
        throw new IntegrationException(ErrorCategory.VALIDATION, file + " line " + line.number() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static AuditVerification verify(Path file, AuditHasher hasher, boolean missingIsAProblem) {
    List<Line> lines = AuditFileLines.read(file);
    Line first = lines.stream().filter(Line::chained).findFirst().orElse(null);
    List<Problem> problems = new ArrayList<>();
    String start = AuditHasher.GENESIS;
    if (first != null && first.json().path("predecessor").isObject()) {
      String name = first.json().path("predecessor").path("file").asText();
      start = first.json().path("predecessor").path("hash").asText();
      Path predecessor = file.resolveSibling(name);
      if (!Files.exists(predecessor)) {
        if (missingIsAProblem) {
          problems.add(Problem.of(file, first, Kind.PREDECESSOR_MISSING,
              "its predecessor " + name + " is not beside it"));
        }
      } else if (!start.equals(ChainStart.lastHash(AuditFileLines.read(predecessor)))) {
        problems.add(Problem.of(file, first, Kind.PREDECESSOR_MISMATCH,
            "its predecessor " + name + " does not end with the hash it names, " + start));
      }
    }
    problems.addAll(new ChainVerifier(file, hasher).problems(lines, start));
    int records = (int) lines.stream().filter(Line::chained).count();
    return new AuditVerification(List.of(file), records, problems);
  }

  private static List<Path> liveFiles(Path directoryOrFile) {
    if (!Files.isDirectory(directoryOrFile)) {
      return List.of(AuditFileNames.liveOf(directoryOrFile));
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(directoryOrFile)) {
      files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jsonl")).forEach(f -> {
        Path live = AuditFileNames.liveOf(f);
        if (!out.contains(live)) {
          out.add(live);
        }
      });
    } catch (IOException e) {
      throw new IntegrationException(ErrorCategory.TRANSIENT, "cannot list the audit files in " + directoryOrFile, e);
    }
    out.sort(null);
    return out;
  }
}
