package dev.integrationagent.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javax.annotation.Nullable;

/**
 * The scalar types a rule can declare. Each reads a vendor value into its canonical form (an
 * instant is always an ISO-8601 UTC string, a date {@code yyyy-MM-dd}) or says why it cannot.
 */
enum ValueType {
  STRING,
  NUMBER,
  BOOLEAN,
  INSTANT,
  DATE,
  USER,
  ANY;

  /** Jira writes offsets without a colon ({@code +0000}); ISO needs one. */
  private static final DateTimeFormatter OFFSET_NO_COLON = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).appendPattern("XX").toFormatter(Locale.ROOT);

  static @Nullable ValueType parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "string", "text" -> STRING;
      case "number" -> NUMBER;
      case "boolean" -> BOOLEAN;
      case "instant", "datetime" -> INSTANT;
      case "date", "localdate" -> DATE;
      case "user" -> USER;
      case "any", "json" -> ANY;
      default -> null;
    };
  }

  /**
   * The canonical form of a vendor value.
   *
   * @throws IllegalArgumentException saying what was expected and found
   */
  JsonNode read(JsonNode value) {
    switch (this) {
      case STRING, USER:
        if (value.isTextual()) {
          return value;
        }
        if (value.isNumber() || value.isBoolean()) {
          return TextNode.valueOf(value.asText());
        }
        throw expected("a string", value);
      case NUMBER:
        if (value.isNumber()) {
          return value;
        }
        if (value.isTextual()) {
          try {
            BigDecimal d = new BigDecimal(value.textValue().trim());
            return d.scale() <= 0 && d.unscaledValue().bitLength() < 63 ? LongNode.valueOf(d.longValueExact()) : DecimalNode.valueOf(d);
          } catch (NumberFormatException | ArithmeticException e) {
            throw expected("a number", value);
          }
        }
        throw expected("a number", value);
      case BOOLEAN:
        if (value.isBoolean()) {
          return value;
        }
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
          return BooleanNode.valueOf(Boolean.parseBoolean(value.textValue()));
        }
        throw expected("a boolean", value);
      case INSTANT:
        if (value.isTextual()) {
          return TextNode.valueOf(instant(value.textValue()).toString());
        }
        if (value.isIntegralNumber()) {
          return TextNode.valueOf(Instant.ofEpochMilli(value.longValue()).toString());
        }
        throw expected("an ISO-8601 date-time", value);
      case DATE:
        if (value.isTextual()) {
          String text = value.textValue();
          try {
            return TextNode.valueOf(LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text).toString());
          } catch (DateTimeParseException e) {
            throw expected("a date like 2026-01-31", value);
          }
        }
        throw expected("a date like 2026-01-31", value);
      default:
        return value;
    }
  }

  /**
   * Parses the ISO-8601 spellings trackers use, choosing the parser by the text's shape so that
   * the common case costs no exception: {@code …Z}, {@code …+01:00} and Jira's {@code …+0100}.
   */
  private static Instant instant(String text) {
    try {
      int n = text.length();
      if (n > 0 && (text.charAt(n - 1) == 'Z' || text.charAt(n - 1) == 'z')) {
        return Instant.parse(text);
      }
      if (n > 5 && text.charAt(n - 3) == ':' && (text.charAt(n - 6) == '+' || text.charAt(n - 6) == '-')) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return OffsetDateTime.parse(text, OFFSET_NO_COLON).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected an ISO-8601 date-time, found '" + Excerpt.of(text) + "'");
    }
  }

  private static IllegalArgumentException expected(String what, JsonNode found) {
    String shown = found.isTextual() ? "'" + Excerpt.of(found.textValue()) + "'" : found.getNodeType().toString();
    return new IllegalArgumentException("expected " + what + ", found " + shown);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
