package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import javax.annotation.Nullable;

/** A driver's {@link SQLException} as an {@link IntegrationException}, by its SQLSTATE. */
final class SqlErrors {
  private SqlErrors() {}

  static IntegrationException classify(SQLException e, String connectionId, String table, String what) {
    ErrorCategory category = category(e);
    String advice = switch (category) {
      case TRANSIENT -> "; the database is unreachable or busy, the agent retries";
      case AUTHENTICATION -> "; check the user and password of the DataSource";
      case AUTHORIZATION -> "; grant the DataSource's user the rights on table '" + table + "'";
      case CONFIGURATION -> "; check that table '" + table + "' and the configured columns exist";
      default -> "";
    };
    return new IntegrationException(category, connectionId, connectionId + ": " + what + " on table '" + table
        + "' failed (SQLSTATE " + e.getSQLState() + "): " + firstLine(e.getMessage()) + advice, e);
  }

  static ErrorCategory category(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() < 2) {
      return e instanceof SQLTransientException || e instanceof SQLRecoverableException
          ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
    }
    if (state.equals("42501")) {
      return ErrorCategory.AUTHORIZATION;
    }
    if (state.equals("90146") || state.equals("90013")) {
      return ErrorCategory.CONFIGURATION; // H2: the database does not exist
    }
    if (state.equals("90067") || state.equals("90098") || state.equals("90121")) {
      return ErrorCategory.TRANSIENT; // H2: connection broken, database closed
    }
    if (state.equals("HYT00") || state.equals("55P03")) {
      return ErrorCategory.TRANSIENT; // lock timeouts (H2, PostgreSQL)
    }
    return switch (state.substring(0, 2)) {
      case "08", "40", "53", "57" -> ErrorCategory.TRANSIENT;
      case "28" -> ErrorCategory.AUTHENTICATION;
      case "22", "23" -> ErrorCategory.VALIDATION;
      case "42" -> ErrorCategory.CONFIGURATION;
      default -> e instanceof SQLTransientException || e instanceof SQLRecoverableException
          ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
    };
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
