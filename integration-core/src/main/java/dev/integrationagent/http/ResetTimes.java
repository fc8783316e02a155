package dev.integrationagent.http;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.annotation.Nullable;
import okhttp3.Headers;

/**
 * Reads the waits that tools announce: {@code Retry-After} in seconds or as an HTTP-date, and the
 * rate-limit reset headers of GitHub, Jira, Linear and GitLab, which carry epoch seconds, epoch
 * milliseconds or an ISO-8601 timestamp.
 */
final class ResetTimes {
  static final String[] RESET_HEADERS = {
    "x-ratelimit-reset", "x-ratelimit-requests-reset", "ratelimit-reset"};
  static final String[] REMAINING_HEADERS = {
    "x-ratelimit-remaining", "x-ratelimit-requests-remaining", "ratelimit-remaining"};
  static final String[] LIMIT_HEADERS = {
    "x-ratelimit-limit", "x-ratelimit-requests-limit", "ratelimit-limit"};

  /**
   * Linear's second budget, complexity points, beside its request budget: either may be spent
   * first, and a spent one is waited for until its own reset.
   */
  static final String COMPLEXITY_REMAINING = "x-ratelimit-complexity-remaining";
  static final String COMPLEXITY_RESET = "x-ratelimit-complexity-reset";

  private ResetTimes() {}

  /** When a spent complexity budget refills, or null when none is announced as spent. */
  static @Nullable Instant complexitySpentUntil(Headers headers, Instant now) {
    String remaining = headers.get(COMPLEXITY_REMAINING);
    String reset = headers.get(COMPLEXITY_RESET);
    if (remaining == null || reset == null) {
      return null;
    }
    try {
      return Long.parseLong(remaining.strip()) <= 0 ? instant(reset.strip(), now) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The {@code Retry-After} wait from now, or null when absent or unreadable. */
  static @Nullable Duration retryAfter(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.strip();
    try {
      return nonNegative(Duration.ofSeconds(Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      Instant at = httpDate(value);
      return at == null ? null : nonNegative(Duration.between(now, at));
    }
  }

  /** The reset instant announced by any known vendor header, or null. */
  static @Nullable Instant reset(Headers headers, Instant now) {
    for (String name : RESET_HEADERS) {
      String value = headers.get(name);
      if (value != null) {
        Instant at = instant(value.strip(), now);
        if (at != null) {
          return at;
        }
      }
    }
    return null;
  }

  /** The first integer among the named headers, or -1. */
  static long firstNumber(Headers headers, String[] names) {
    for (String name : names) {
      String value = headers.get(name);
      if (value != null) {
        try {
          return Long.parseLong(value.strip());
        } catch (NumberFormatException ignored) {
          // a vendor sent something else under a known name; try the next header
        }
      }
    }
    return -1;
  }

  /**
   * Epoch millis (Linear), epoch seconds (GitHub, GitLab), small numbers as seconds from now,
   * ISO-8601 (Jira) or an HTTP-date.
   */
  static @Nullable Instant instant(String value, Instant now) {
    try {
      long n = Long.parseLong(value);
      if (n > 100_000_000_000L) {
        return Instant.ofEpochMilli(n);
      }
      if (n > 1_000_000_000L) {
        return Instant.ofEpochSecond(n);
      }
      return now.plusSeconds(Math.max(0, n));
    } catch (NumberFormatException notNumber) {
      try {
        return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException notIso) {
        try {
          return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
          return httpDate(value);
        }
      }
    }
  }

  private static @Nullable Instant httpDate(String value) {
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
