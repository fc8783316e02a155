package dev.integrationagent.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The part of JQL that {@link FakeJira} understands: clauses joined by {@code AND} —
 * {@code project = KEY}, {@code updated >= "yyyy/MM/dd HH:mm"} (or {@code created}) in the
 * user's time zone (a wall time repeated by a fall-back read as the later instant, as Jira does),
 * {@code created >= -90m} (relative, {@code m h d w}), and
 * {@code issue.property[key].path = "value"} — then {@code ORDER BY} {@code updated}, {@code
 * created} or {@code id}, each {@code ASC} or {@code DESC}. Anything else is a JQL error, as Jira
 * would answer it.
 */
final class FakeJiraJql {
  private static final Pattern ORDER = Pattern.compile("(?i)\\s+ORDER\\s+BY\\s+(.+)$");
  private static final Pattern PROJECT = Pattern.compile("(?i)project\\s*=\\s*\"?([A-Z][A-Z0-9_]*)\"?");
  private static final Pattern DATE = Pattern.compile("(?i)(updated|created)\\s*(>=|>|<=|<)\\s*\"([^\"]+)\"");
  private static final Pattern RELATIVE = Pattern.compile("(?i)(updated|created)\\s*(>=|>)\\s*\"?-(\\d+)([mhdw])\"?");
  private static final Pattern PROPERTY = Pattern.compile(
      "(?i)issue\\.property\\[([\\w.-]+)\\]\\.([\\w.]+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
  private static final DateTimeFormatter DAYS = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  /** What an issue looks like to a query. */
  interface Row {
    long id();
    String project();
    Instant created();
    Instant updated();
    @Nullable String property(String key, String path);
  }

  /** A JQL the fake rejects, with Jira's message. */
  static final class JqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JqlException(String message) {
      super(message);
    }
  }

  final Predicate<Row> filter;
  final Comparator<Row> order;

  private FakeJiraJql(Predicate<Row> filter, Comparator<Row> order) {
    this.filter = filter;
    this.order = order;
  }

  static FakeJiraJql parse(String jql, ZoneId zone, Instant now, boolean propertiesIndexed, String knownProject) {
    return parse(jql, zone, now, propertiesIndexed, propertiesIndexed, knownProject);
  }

  /** As {@link #parse(String, ZoneId, Instant, boolean, String)}; an unanswered property clause matches nothing. */
  static FakeJiraJql parse(String jql, ZoneId zone, Instant now, boolean propertiesIndexed, boolean propertiesAnswered,
      String knownProject) {
    String where = jql.strip();
    Comparator<Row> order = Comparator.comparingLong(Row::id).reversed();
    Matcher orderBy = ORDER.matcher(where);
    if (orderBy.find()) {
      order = order(orderBy.group(1));
      where = where.substring(0, orderBy.start()).strip();
    }
    Predicate<Row> filter = r -> true;
    if (!where.isEmpty()) {
      for (String clause : where.split("(?i)\\s+AND\\s+")) {
        filter = filter.and(clause(clause.strip(), zone, now, propertiesIndexed, propertiesAnswered, knownProject));
      }
    }
    return new FakeJiraJql(filter, order);
  }

  private static Predicate<Row> clause(String clause, ZoneId zone, Instant now, boolean indexed, boolean answered,
      String knownProject) {
    Matcher m = PROJECT.matcher(clause);
    if (m.matches()) {
      String key = m.group(1);
      if (!key.equals(knownProject)) {
        throw new JqlException("The value '" + key + "' does not exist for the field 'project'.");
      }
      return r -> r.project().equals(key);
    }
    m = RELATIVE.matcher(clause);
    if (m.matches()) {
      long n = Long.parseLong(m.group(3));
      Duration unit = switch (m.group(4).toLowerCase(Locale.ROOT)) {
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        case "d" -> Duration.ofDays(1);
        default -> Duration.ofDays(7);
      };
      Instant from = now.minus(unit.multipliedBy(n));
      boolean updated = m.group(1).equalsIgnoreCase("updated");
      boolean strict = m.group(2).equals(">");
      return r -> compare(updated ? r.updated() : r.created(), from, strict ? ">" : ">=");
    }
    m = DATE.matcher(clause);
    if (m.matches()) {
      Instant at = date(m.group(3), zone, clause);
      boolean updated = m.group(1).equalsIgnoreCase("updated");
      String op = m.group(2);
      return r -> compare(updated ? r.updated() : r.created(), at, op);
    }
    m = PROPERTY.matcher(clause);
    if (m.matches()) {
      String key = m.group(1);
      String path = m.group(2);
      if (!indexed) {
        throw new JqlException("Field 'issue.property[" + key + "]." + path
            + "' does not exist or you do not have permission to view it.");
      }
      if (!answered) {
        return r -> false;
      }
      String value = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
      return r -> value.equals(r.property(key, path));
    }
    throw new JqlException("Error in the JQL Query: the clause '" + clause + "' is not supported by this fake.");
  }

  private static boolean compare(Instant value, Instant bound, String op) {
    int c = value.compareTo(bound);
    return switch (op) {
      case ">=" -> c >= 0;
      case ">" -> c > 0;
      case "<=" -> c <= 0;
      default -> c < 0;
    };
  }

  private static Instant date(String text, ZoneId zone, String clause) {
    try {
      // Jira reads a wall time in the repeated hour of a fall-back as standard time, the later of
      // the two instants, as java.util.Calendar does; java.time alone would take the earlier one
      return ZonedDateTime.ofLocal(LocalDateTime.parse(text, MINUTES), zone, null).withLaterOffsetAtOverlap()
          .toInstant();
    } catch (DateTimeParseException notMinutes) {
      try {
        return java.time.LocalDate.parse(text, DAYS).atStartOfDay(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new JqlException("Date value '" + text + "' for field '" + clause.split("\\s")[0]
            + "' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
            + "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.");
      }
    }
  }

  private static Comparator<Row> order(String spec) {
    List<Comparator<Row>> parts = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] words = part.strip().split("\\s+");
      Comparator<Row> c = switch (words[0].toLowerCase(Locale.ROOT)) {
        case "updated" -> Comparator.comparing(Row::updated);
        case "created" -> Comparator.comparing(Row::created);
        case "id", "key" -> Comparator.comparingLong(Row::id);
        default -> throw new JqlException("Not able to sort using field '" + words[0] + "'.");
      };
      if (words.length > 1 && words[1].equalsIgnoreCase("DESC")) {
        c = c.reversed();
      }
      parts.add(c);
    }
    Comparator<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.thenComparing(parts.get(i));
    }
    return all;
  }
}
