package dev.integrationagent.chaos;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What one run found: the figures (each must be 0 for an engine that converges), the facts of the
 * run (seed, kills, faults, edits, items), and the evidence behind every non-zero figure.
 *
 * @param figures figure name to count, in report order
 * @param facts what happened during the run, one readable line each
 * @param evidence one line per counted problem, prefixed with its figure
 */
record ChaosReport(Map<String, Integer> figures, List<String> facts, List<String> evidence) {
  static final int EVIDENCE_SHOWN_PER_FIGURE = 25;

  ChaosReport {
    figures = Map.copyOf(figures);
    facts = List.copyOf(facts);
    evidence = List.copyOf(evidence);
  }

  /** Names in report order. */
  static final List<String> FIGURES = List.of("duplicates", "missing", "lost-edits", "fields-differ", "echo-writes",
      "audit-gaps", "parked", "unsettled");

  boolean clean() {
    return figures.values().stream().allMatch(v -> v == 0);
  }

  void print(PrintStream out) {
    out.println("==== chaos report");
    facts.forEach(f -> out.println("fact: " + f));
    for (String name : FIGURES) {
      List<String> lines = evidence.stream().filter(e -> e.startsWith(name + ":")).toList();
      lines.stream().limit(EVIDENCE_SHOWN_PER_FIGURE).forEach(out::println);
      if (lines.size() > EVIDENCE_SHOWN_PER_FIGURE) {
        out.println(name + ": ... and " + (lines.size() - EVIDENCE_SHOWN_PER_FIGURE) + " more (see the report file)");
      }
    }
    for (String name : FIGURES) {
      out.println("figure " + name + " = " + figures.getOrDefault(name, -1));
    }
    out.flush();
  }

  void printAll(PrintStream out) {
    out.println("==== chaos report (full)");
    facts.forEach(f -> out.println("fact: " + f));
    evidence.forEach(out::println);
    for (String name : FIGURES) {
      out.println("figure " + name + " = " + figures.getOrDefault(name, -1));
    }
    out.flush();
  }
}
