package dev.integrationagent.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Column values as JSON and back: text as strings, integers and decimals as numbers, booleans,
 * dates as {@code yyyy-MM-dd}, timestamps as ISO-8601 instants in UTC (a {@code TIMESTAMP} without
 * time zone is read and written as UTC), anything else as its text.
 */
final class Values {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Values() {}

  static JsonNode read(ResultSet rs, int label, Table.Column column) throws SQLException {
    JsonNode value = switch (column.type()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> JSON.numberNode(rs.getLong(label));
      case Types.NUMERIC, Types.DECIMAL -> {
        BigDecimal d = rs.getBigDecimal(label);
        yield d == null ? NullNode.instance : JSON.numberNode(d);
      }
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> JSON.numberNode(rs.getDouble(label));
      case Types.BOOLEAN, Types.BIT -> JSON.booleanNode(rs.getBoolean(label));
      case Types.DATE -> {
        LocalDate d = rs.getObject(label, LocalDate.class);
        yield d == null ? NullNode.instance : JSON.textNode(d.toString());
      }
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        Instant at = instant(rs, label, column);
        yield at == null ? NullNode.instance : JSON.textNode(at.toString());
      }
      default -> {
        String text = rs.getString(label);
        yield text == null ? NullNode.instance : JSON.textNode(text);
      }
    };
    return rs.wasNull() ? NullNode.instance : value;
  }

  static @javax.annotation.Nullable Instant instant(ResultSet rs, int label, Table.Column column) throws SQLException {
    if (hasZone(column)) {
      OffsetDateTime at = rs.getObject(label, OffsetDateTime.class);
      return at == null ? null : at.toInstant();
    }
    LocalDateTime at = rs.getObject(label, LocalDateTime.class);
    return at == null ? null : at.toInstant(ZoneOffset.UTC);
  }

  private static boolean hasZone(Table.Column column) {
    String type = column.typeName().toLowerCase(Locale.ROOT);
    return column.type() == Types.TIMESTAMP_WITH_TIMEZONE || type.contains("tz") || type.contains("with time zone");
  }

  /** Binds an instant to a timestamp column, to the microsecond both databases keep. */
  static void bindInstant(PreparedStatement ps, int index, Table.Column column, Instant at) throws SQLException {
    Instant micros = at.truncatedTo(ChronoUnit.MICROS);
    if (hasZone(column)) {
      ps.setObject(index, micros.atOffset(ZoneOffset.UTC));
    } else {
      ps.setObject(index, LocalDateTime.ofInstant(micros, ZoneOffset.UTC));
    }
  }

  /** Binds a JSON value to a column; VALIDATION naming the column when it does not fit. */
  static void bind(PreparedStatement ps, int index, Table.Column column, JsonNode value, String connectionId)
      throws SQLException {
    if (value.isNull() || value.isMissingNode()) {
      ps.setNull(index, column.type());
      return;
    }
    try {
      switch (column.type()) {
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> ps.setLong(index, integer(value));
        case Types.NUMERIC, Types.DECIMAL -> ps.setBigDecimal(index, value.isNumber() ? value.decimalValue()
            : new BigDecimal(text(value)));
        case Types.REAL, Types.FLOAT, Types.DOUBLE -> ps.setDouble(index, value.isNumber() ? value.doubleValue()
            : Double.parseDouble(text(value)));
        case Types.BOOLEAN, Types.BIT -> ps.setBoolean(index, bool(value));
        case Types.DATE -> ps.setObject(index, LocalDate.parse(date(text(value))));
        case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> bindInstant(ps, index, column, parseInstant(text(value)));
        default -> {
          if ("uuid".equalsIgnoreCase(column.typeName())) {
            ps.setObject(index, UUID.fromString(text(value)));
          } else if (column.type() == Types.OTHER || column.type() == Types.JAVA_OBJECT) {
            ps.setObject(index, text(value), Types.OTHER);
          } else {
            ps.setString(index, value.isValueNode() ? value.asText() : value.toString());
          }
        }
      }
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new IntegrationException(ErrorCategory.VALIDATION, connectionId, connectionId + ": column '"
          + column.key() + "' (" + column.typeName() + ") cannot hold " + abbreviated(value) + ": " + e.getMessage(), e);
    }
  }

  /** The id as the id column's Java value, or empty when it cannot be one (no such row then). */
  static Optional<Object> id(Table.Column column, String id) {
    try {
      return Optional.of(switch (column.type()) {
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> Long.parseLong(id);
        case Types.NUMERIC, Types.DECIMAL -> new BigDecimal(id);
        default -> "uuid".equalsIgnoreCase(column.typeName()) ? UUID.fromString(id) : id;
      });
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long integer(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber()) {
      return value.decimalValue().longValueExact();
    }
    return Long.parseLong(text(value).trim());
  }

  private static boolean bool(JsonNode value) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    String text = text(value).trim().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException("not true or false");
    }
    return text.equals("true");
  }

  private static String date(String text) {
    return text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text;
  }

  static Instant parseInstant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }

  private static String text(JsonNode value) {
    if (!value.isValueNode()) {
      throw new IllegalArgumentException("not a single value");
    }
    return value.asText();
  }

  private static String abbreviated(JsonNode value) {
    String text = value.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
