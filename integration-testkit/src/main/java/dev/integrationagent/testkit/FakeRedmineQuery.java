package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/** How {@link FakeRedmine} reads {@code /issues.json}'s time filters and {@code sort}, as Redmine's IssueQuery does. */
final class FakeRedmineQuery {
  private FakeRedmineQuery() {}

  /**
   * Redmine's date filters with a time: {@code >= T} becomes {@code updated_on > T - 1 s} and
   * {@code <= T} becomes {@code updated_on <= T}, compared with the stored time, which has
   * fractions of a second: so {@code >= T} also returns issues of the second before T.
   */
  static @Nullable Predicate<ObjectNode> timeFilter(String filter, Function<ObjectNode, Instant> updatedOf) {
    try {
      if (filter.startsWith(">=")) {
        Instant from = instant(filter.substring(2), false).minusSeconds(1);
        return i -> updatedOf.apply(i).isAfter(from);
      }
      if (filter.startsWith("<=")) {
        Instant to = instant(filter.substring(2), true);
        return i -> !updatedOf.apply(i).isAfter(to);
      }
      if (filter.startsWith("><")) {
        String[] range = filter.substring(2).split("\\|");
        Instant from = instant(range[0], false).minusSeconds(1);
        Instant to = instant(range[1], true);
        return i -> updatedOf.apply(i).isAfter(from) && !updatedOf.apply(i).isAfter(to);
      }
      return null;
    } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** A timestamp (second precision, like Redmine's filter) or a date (its first or last second). */
  private static Instant instant(String text, boolean endOfDay) {
    if (text.length() == 10) {
      Instant day = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      return endOfDay ? day.plus(Duration.ofDays(1)).minusSeconds(1) : day;
    }
    return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
  }

  static Comparator<ObjectNode> order(@Nullable String sort, Function<ObjectNode, Instant> updatedOf) {
    Comparator<ObjectNode> order = null;
    for (String part : (sort == null || sort.isBlank() ? "id:desc" : sort).split(",")) {
      String[] kv = part.trim().split(":");
      Comparator<ObjectNode> one = switch (kv[0]) {
        case "updated_on" -> Comparator.comparing(updatedOf);
        case "created_on" -> Comparator.comparing(i -> i.path("created_on").asText());
        case "subject" -> Comparator.comparing(i -> i.path("subject").asText());
        default -> Comparator.comparingInt(i -> i.path("id").asInt());
      };
      if (kv.length > 1 && "desc".equals(kv[1])) {
        one = one.reversed();
      }
      order = order == null ? one : order.thenComparing(one);
    }
    // Redmine appends the id to every sort so that the order is total
    return requireNonNull(order).thenComparing(Comparator.comparingInt(i -> i.path("id").asInt()));
  }
}
