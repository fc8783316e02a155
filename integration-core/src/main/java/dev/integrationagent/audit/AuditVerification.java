package dev.integrationagent.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * What {@link AuditLogs#verify(Path)} found in a hash-chained audit file or a rotated sequence.
 *
 * <pre>{@code
 * AuditVerification v = AuditLogs.verifyAll(Path.of("audit/audit.jsonl"));
 * if (!v.ok()) {
 *   v.problems().forEach(p -> log.warn("{}", p));  // audit.jsonl line 7 (record 3f2…): edited: …
 * }
 * }</pre>
 *
 * @param files the files checked, oldest first
 * @param records how many chained records they hold
 * @param problems every problem found, in file and line order
 */
public record AuditVerification(List<Path> files, int records, List<Problem> problems) {
  public AuditVerification {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }

  /** Whether the files are whole and untouched: no problem at all. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * Whether a problem other than a crash's torn line was found: someone or something changed the
   * files after they were written.
   */
  public boolean tampered() {
    return problems.stream().anyMatch(p -> p.kind() != Kind.TORN);
  }

  /** One sentence per problem, one a line; "ok: …" when there is none. */
  public String report() {
    if (ok()) {
      return "ok: " + records + " records in " + files.size() + " file(s), chain unbroken";
    }
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /** What is wrong with a line. */
  public enum Kind {
    /** Its content was changed: its hash does not match it. */
    EDITED,
    /** A record before it is gone: its {@code prev} names a hash no record has. */
    REMOVED,
    /** It was added: no record chains from it, the next one chains from the record before it. */
    INSERTED,
    /** It is out of place: its {@code prev} names a later record, or an earlier record chains from it. */
    REORDERED,
    /** A crash cut it short while it was written. */
    TORN,
    /** It is not a chained audit record: not JSON, or without {@code prev} and {@code hash}. */
    UNREADABLE,
    /** The file it names as its predecessor is not beside it. */
    PREDECESSOR_MISSING,
    /** Its predecessor file does not end with the hash it names. */
    PREDECESSOR_MISMATCH
  }

  /**
   * One problem.
   *
   * @param file the file
   * @param line the line, 1-based
   * @param recordId the record's id when the line is readable, or null
   * @param kind what is wrong
   * @param sentence what is wrong, starting with the line: "line 7 (record 3f2…): edited: …"
   */
  public record Problem(Path file, int line, @Nullable String recordId, Kind kind, String sentence) {
    public Problem {
      requireNonNull(file, "file");
      requireNonNull(kind, "kind");
      requireNonNull(sentence, "sentence");
    }

    static Problem of(Path file, AuditFileLines.Line line, Kind kind, String why) {
      String id = line.recordId();
      String sentence = "line " + line.number() + (id == null ? "" : " (record " + id + ")") + ": "
          + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + why;
      return new Problem(file, line.number(), id, kind, sentence);
    }

    @Override
    public String toString() {
      return file.getFileName() + " " + sentence;
    }
  }
}
