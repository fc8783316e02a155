package dev.integrationagent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.audit.AuditEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Judges convergence from the tools' own data (read directly after the run), the person's record
 * of what they wrote, the proxies' record of what the agent wrote, the audit trail, and what the
 * final agent said is parked or in conflict. Pure: no I/O.
 */
final class Judge {
  /**
   * Audit types that record the agent's write on the item they name: done ({@code item.updated}) or
   * about to be done ({@code item.updating}, recorded before the call). The audit trail reads the
   * event stream, so these are event types, and only the agent's own ({@code origin} AGENT) count.
   */
  private static final Set<String> WRITE_TYPES = Set.of("item.created", "item.updated", "item.deleted",
      "comment.copied", "item.creating", "item.updating");
  private static final Pattern GITHUB_ISSUE = Pattern.compile("^/repos/[^/]+/[^/]+/issues/(\\d+)(?:/.*)?(?:\\?.*)?$");
  private static final Pattern GITHUB_CREATE = Pattern.compile("^/repos/[^/]+/[^/]+/issues(?:\\?.*)?$");
  private static final Pattern REDMINE_ISSUE = Pattern.compile("^/issues/(\\d+)(?:/[^?]*)?\\.json(?:\\?.*)?$");
  private static final Pattern REDMINE_CREATE = Pattern.compile("^/issues\\.json(?:\\?.*)?$");

  /** A conflict the final agent reported queued: github id, redmine id, canonical field. */
  record Conflict(String githubId, String redmineId, String field) {}

  /** Everything the judge reads. */
  record Inputs(boolean manual, List<ToolItem> github, List<ToolItem> redmine, Function<String, Optional<String>> tokenOf,
      List<Edit> edits, Set<String> uncertain, List<Exchange> exchanges, List<Exchange> quietExchanges,
      List<AuditEvent> audit, List<String> parked, List<Conflict> conflicts, boolean settled) {}

  private final Map<String, Integer> figures = new LinkedHashMap<>();
  private final List<String> evidence = new ArrayList<>();

  Judge() {
    ChaosReport.FIGURES.forEach(f -> figures.put(f, 0));
  }

  private void count(String figure, String detail) {
    figures.merge(figure, 1, Integer::sum);
    evidence.add(figure + ": " + detail);
  }

  Map<String, Integer> figures() {
    return figures;
  }

  List<String> evidence() {
    return evidence;
  }

  /** Judges; returns facts learnt on the way (items per side, pairs). */
  List<String> judge(Inputs in) {
    List<String> facts = new ArrayList<>();
    Map<String, List<ToolItem>> gh = byToken(in.github(), in.tokenOf());
    Map<String, List<ToolItem>> rm = byToken(in.redmine(), in.tokenOf());
    facts.add("items read back: github " + in.github().size() + " (" + gh.size() + " tokens), redmine "
        + in.redmine().size() + " (" + rm.size() + " tokens)");
    long untokened = in.github().stream().filter(i -> in.tokenOf().apply(i.title()).isEmpty()).count()
        + in.redmine().stream().filter(i -> in.tokenOf().apply(i.title()).isEmpty()).count();
    if (untokened > 0) {
      facts.add("items without a person's token (titles lost their token?): " + untokened);
    }
    duplicates("github", gh);
    duplicates("redmine", rm);
    Set<String> tokens = new java.util.TreeSet<>(gh.keySet());
    tokens.addAll(rm.keySet());
    Map<String, Edit> lastOverall = new HashMap<>();
    Map<String, Edit> lastOnSide = new HashMap<>();
    for (Edit e : in.edits()) {
      lastOverall.merge(e.token() + "/" + e.field(), e, (a, b) -> b.seq() > a.seq() ? b : a);
      lastOnSide.merge(e.token() + "/" + e.field() + "/" + e.side(), e, (a, b) -> b.seq() > a.seq() ? b : a);
    }
    Set<String> conflicted = new HashSet<>();
    in.conflicts().forEach(c -> conflicted.add(c.githubId() + "/" + c.redmineId() + "/" + canonicalField(c.field())));
    int pairs = 0;
    for (String token : tokens) {
      List<ToolItem> g = gh.getOrDefault(token, List.of());
      List<ToolItem> r = rm.getOrDefault(token, List.of());
      if (g.isEmpty() || r.isEmpty()) {
        count("missing", token + " is on " + (g.isEmpty() ? "redmine #" + r.get(0).id() + " only"
            : "github #" + g.get(0).id() + " only"));
        continue;
      }
      pairs++;
      ToolItem a = g.get(0);
      ToolItem b = r.get(0);
      for (String field : Person.FIELDS) {
        String ga = value(a, field);
        String rb = value(b, field);
        String key = token + "/" + field;
        boolean parkedConflict = in.manual() && conflicted.contains(a.id() + "/" + b.id() + "/" + field);
        if (parkedConflict) {
          // both sides keep what the person last wrote on each
          for (String side : List.of(Person.GITHUB, Person.REDMINE)) {
            Edit mine = lastOnSide.get(key + "/" + side);
            String held = side.equals(Person.GITHUB) ? ga : rb;
            if (mine != null && !in.uncertain().contains(key) && !normalized(field, mine.value()).equals(held)) {
              count("lost-edits", token + " " + field + " (conflict queued): " + side + " should keep the person's "
                  + quote(mine.value()) + " (written " + mine.atMillis() + ") but holds " + quote(held));
            }
          }
          continue;
        }
        if (!ga.equals(rb)) {
          count("fields-differ", token + " " + field + ": github #" + a.id() + " " + quote(ga) + " vs redmine #"
              + b.id() + " " + quote(rb));
        }
        Edit last = lastOverall.get(key);
        if (last == null || in.uncertain().contains(key)) {
          continue;
        }
        String expected = normalized(field, last.value());
        if (!expected.equals(ga) || !expected.equals(rb)) {
          count("lost-edits", token + " " + field + ": the person's last write was " + quote(expected) + " on "
              + last.side() + " at " + last.atMillis() + (last.create() ? " (creation)" : "") + "; github #" + a.id()
              + " holds " + quote(ga) + ", redmine #" + b.id() + " holds " + quote(rb));
        }
      }
    }
    facts.add("linked pairs judged: " + pairs + " (by token; the lowest id per side, the one the person edited)");
    for (Exchange e : in.quietExchanges()) {
      if (e.isWrite()) {
        count("echo-writes", e.describe());
      }
    }
    auditGaps(in);
    in.parked().forEach(p -> count("parked", p));
    if (!in.settled()) {
      count("unsettled", "the final agent did not reach two consecutive passes without a write within its bounds");
    }
    return facts;
  }

  private void duplicates(String side, Map<String, List<ToolItem>> items) {
    items.forEach((token, list) -> {
      for (int i = 1; i < list.size(); i++) {
        count("duplicates", side + " holds " + token + " " + list.size() + " times: "
            + list.stream().map(t -> "#" + t.id()).toList());
      }
    });
  }

  private void auditGaps(Inputs in) {
    Set<String> covered = new HashSet<>();
    for (AuditEvent e : in.audit()) {
      if (e.connectionId() != null && e.itemId() != null && isAgentWrite(e)) {
        covered.add(e.connectionId() + "/" + e.itemId());
      }
    }
    for (Exchange e : in.exchanges()) {
      if (!e.isWrite() || !e.applied()) {
        continue;
      }
      String item = itemOf(e);
      if (item == null) {
        count("audit-gaps", "cannot tell which item this applied write touched: " + e.describe());
      } else if (!covered.contains(e.connection() + "/" + item)) {
        count("audit-gaps", "no audit record names " + e.connection() + " item " + item + " for " + e.describe());
      }
    }
  }

  /** Whether the record names a write of the agent: one of {@link #WRITE_TYPES}, or the comment of a MARK delete. */
  static boolean isAgentWrite(AuditEvent e) {
    if (!"AGENT".equals(e.attributes().get("origin"))) {
      return false;
    }
    return WRITE_TYPES.contains(e.type())
        || ("item.unlinked".equals(e.type()) && "MARK".equals(e.attributes().get("policy")));
  }

  /** The item an applied write touched: from the path, or for a create from the tool's answer. */
  static @Nullable String itemOf(Exchange e) {
    String path = e.path();
    if (e.connection().equals("github")) {
      Matcher m = GITHUB_ISSUE.matcher(path);
      if (m.matches()) {
        return m.group(1);
      }
      if (GITHUB_CREATE.matcher(path).matches()) {
        return field(e.responseBody(), "/number");
      }
    } else {
      Matcher m = REDMINE_ISSUE.matcher(path);
      if (m.matches()) {
        return m.group(1);
      }
      if (REDMINE_CREATE.matcher(path).matches()) {
        return field(e.responseBody(), "/issue/id");
      }
    }
    return null;
  }

  private static @Nullable String field(@Nullable String json, String pointer) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode node = Http.JSON.readTree(json).at(pointer);
      return node.isMissingNode() || node.isNull() ? null : node.asText();
    } catch (IOException e) {
      return null;
    }
  }

  private static String canonicalField(String field) {
    int dot = field.indexOf('.');
    return dot < 0 ? field : field.substring(0, dot); // status.category is the status
  }

  private static Map<String, List<ToolItem>> byToken(List<ToolItem> items, Function<String, Optional<String>> tokenOf) {
    Map<String, List<ToolItem>> out = new TreeMap<>();
    items.stream().sorted(Comparator.comparingLong(i -> Long.parseLong(i.id())))
        .forEach(i -> tokenOf.apply(i.title()).ifPresent(t -> out.computeIfAbsent(t, k -> new ArrayList<>()).add(i)));
    return out;
  }

  static String value(ToolItem item, String field) {
    return switch (field) {
      case "title" -> normalized(field, item.title());
      case "description" -> normalized(field, item.description());
      default -> item.closed() ? "closed" : "open";
    };
  }

  /** Text compared trimmed with line endings as LF (Redmine stores CRLF); status as open/closed. */
  static String normalized(String field, String value) {
    return field.equals("status") ? value : Objects.requireNonNull(value).replace("\r\n", "\n").replace('\r', '\n').trim();
  }

  private static String quote(String s) {
    String t = s.replace("\n", "\\n");
    return "'" + (t.length() > 120 ? t.substring(0, 120) + "…" : t) + "'";
  }
}
