package dev.integrationagent.audit;

import dev.integrationagent.audit.AuditFileLines.Line;
import dev.integrationagent.audit.AuditVerification.Kind;
import dev.integrationagent.audit.AuditVerification.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the chain of one file. Each record's own hash shows whether its content changed; its
 * {@code prev} names its parent, which in an untouched file is the record on the line before. The
 * ways a parent can differ tell the kinds of tampering apart: a parent no record has (a record
 * removed), a parent further down (records swapped), a record no one chains from while the next
 * chains across it (a record inserted).
 */
final class ChainVerifier {
  private static final int START = -1;
  private static final int UNKNOWN = -2;

  private final Path file;
  private final AuditHasher hasher;

  ChainVerifier(Path file, AuditHasher hasher) {
    this.file = file;
    this.hasher = hasher;
  }

  /** The problems of {@code lines}, whose first record should chain from {@code start}. */
  List<Problem> problems(List<Line> lines, String start) {
    List<Problem> out = new ArrayList<>();
    List<Line> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.chained()) {
        records.add(line);
      } else if (line.length() > 0) {
        out.add(unchained(lines, i));
      }
    }
    out.addAll(chain(records, start));
    out.sort(Comparator.comparingInt(Problem::line));
    return out;
  }

  private Problem unchained(List<Line> lines, int i) {
    Line line = lines.get(i);
    if (AuditFileLines.torn(lines, i)) {
      return Problem.of(file, line, Kind.TORN, line.length() + " bytes without an end, cut short by a crash"
          + (line.terminated() ? "; the audit.recovered record after it says so" : "; no sink has reopened the file since"));
    }
    return Problem.of(file, line, Kind.UNREADABLE, line.json() == null ? "not a JSON object"
        : "no 'prev' and 'hash': not a hash-chained record");
  }

  private List<Problem> chain(List<Line> records, String start) {
    int n = records.size();
    Map<String, Integer> byHash = new HashMap<>();
    for (int k = n - 1; k >= 0; k--) {
      byHash.put(records.get(k).hash(), k);
    }
    int[] parent = new int[n];
    int[] children = new int[n];
    for (int k = 0; k < n; k++) {
      String prev = records.get(k).prev();
      parent[k] = k > 0 && prev.equals(records.get(k - 1).hash()) ? k - 1
          : prev.equals(start) ? START : byHash.getOrDefault(prev, UNKNOWN);
      if (parent[k] >= 0) {
        children[parent[k]]++;
      }
    }
    int[] firstChild = new int[n];
    java.util.Arrays.fill(firstChild, -1);
    for (int j = 0; j < n; j++) {
      if (parent[j] >= 0 && firstChild[parent[j]] < 0) {
        firstChild[parent[j]] = j;
      }
    }
    List<Problem> out = new ArrayList<>();
    boolean[] flagged = new boolean[n];
    for (int k = 0; k < n; k++) {
      Line line = records.get(k);
      boolean valid = hasher.hash(line.prev(), line.json()).equals(line.hash());
      boolean orphan = k < n - 1 && children[k] == 0;
      boolean skipped = k < n - 1 && parent[k + 1] == k - 1;
      int namedBy = firstChild[k] >= 0 && firstChild[k] < k ? firstChild[k] : -1;
      Problem p = null;
      if (orphan && skipped) {
        p = Problem.of(file, line, Kind.INSERTED, (valid ? "its hash is valid for its content" : "its hash does not match its content")
            + ", but no record chains from it: the next record chains from the one before it");
      } else if (parent[k] > k) {
        p = Problem.of(file, line, Kind.REORDERED, "its prev names the record on line "
            + records.get(parent[k]).number() + ", which comes after it");
      } else if (namedBy >= 0) {
        p = Problem.of(file, line, Kind.REORDERED, "the record on line " + records.get(namedBy).number()
            + ", before it, chains from it");
      } else if (!valid) {
        p = Problem.of(file, line, Kind.EDITED, "its hash does not match its content");
      } else if (parent[k] == UNKNOWN) {
        p = Problem.of(file, line, Kind.REMOVED, k == 0 && !start.equals(AuditHasher.GENESIS)
            ? "its prev names neither its predecessor's last hash nor any record: records before it are missing"
            : "its prev names a hash no record has: the record before it was deleted, or rewritten with a new hash");
      } else if (parent[k] != k - 1 && !flaggedBetween(flagged, parent[k], k)) {
        p = Problem.of(file, line, Kind.REORDERED, "its prev names "
            + (parent[k] == START ? "the start of the chain" : "the record on line " + records.get(parent[k]).number())
            + ", not the record before it");
      }
      if (p != null) {
        flagged[k] = true;
        out.add(p);
      }
    }
    return out;
  }

  private static boolean flaggedBetween(boolean[] flagged, int from, int to) {
    for (int j = Math.max(from + 1, 0); j < to; j++) {
      if (flagged[j]) {
        return true;
      }
    }
    return false;
  }
}
