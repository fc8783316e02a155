package dev.integrationagent.connectors.jdbc;

import dev.integrationagent.Mappings;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.config.JdbcUrlDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JDBC table connector by type and settings, {@code jdbc-table}, for configuration files and
 * {@code connection(id, "jdbc-table", settings)}: a connection to a table of a database named by its
 * JDBC URL (the driver must be on the class path; connections are opened without a pool, so a host
 * with a pool of its own gives it through {@link JdbcTableConnector#builder()} instead).
 *
 * <pre>{@code
 * connections:
 *   tickets:
 *     type: jdbc-table
 *     settings:
 *       url: jdbc:postgresql://db:5432/app
 *       user: app
 *       password: ${env:APP_DB_PASSWORD}
 *       table: tickets
 *       idColumn: id
 *       tracking: changeTable        # or updatedAt:<column>, version:<column>
 *       timestampColumn: updated_at
 *       allowDeletes: true
 *     mapping: tickets.mapping.yaml  # a table has no default mapping
 * }</pre>
 */
public final class JdbcTableConnectorType implements Connector {
  /** The type name connections give. */
  public static final String TYPE = "jdbc-table";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE, Capability.OPTIMISTIC_LOCKING,
        Capability.SYNC_MARKERS, Capability.DELETE); // DELETE with allowDeletes: true
  }

  @Override
  public List<String> validate(ConnectionSettings settings) {
    List<String> problems = new ArrayList<>();
    if (settings.get("url").filter(u -> u.startsWith("jdbc:")).isEmpty()) {
      problems.add("url: missing or not a JDBC URL; give e.g. jdbc:postgresql://db:5432/app");
    }
    if (settings.get("table").isEmpty()) {
      problems.add("table: missing; give the table to sync, e.g. tickets");
    }
    String tracking = settings.get("tracking").orElse("");
    if (!tracking.equals("changeTable") && !tracking.matches("(updatedAt|version):[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add("tracking: '" + tracking + "' is none of changeTable, updatedAt:<column>, version:<column>");
    }
    return problems;
  }

  /** A table has no default mapping: the rows' columns are passed through under their own names. */
  @Override
  public Mapping defaultMapping() {
    return Mappings.identity();
  }

  @Override
  public ConnectorSession open(ConnectionSettings settings, ConnectorContext context) {
    return builder(settings).mapping(defaultMapping()).open(context);
  }

  /** The builder these settings describe, without a mapping. */
  static JdbcTableConnector.Builder builder(ConnectionSettings settings) {
    JdbcTableConnector.Builder b = JdbcTableConnector.builder()
        .dataSource(new JdbcUrlDataSource(settings.get("url").orElseThrow(), settings.get("user").orElse(null),
            settings.get("password").orElse(null)))
        .table(settings.get("table").orElseThrow());
    settings.get("idColumn").ifPresent(b::idColumn);
    String tracking = settings.get("tracking").orElseThrow();
    if (tracking.equals("changeTable")) {
      b.changeTable();
    } else if (tracking.startsWith("updatedAt:")) {
      b.updatedAtColumn(tracking.substring("updatedAt:".length()));
    } else {
      b.versionColumn(tracking.substring("version:".length()));
    }
    settings.get("timestampColumn").ifPresent(b::timestampColumn);
    settings.get("markerColumn").ifPresent(b::markerColumn);
    if (settings.get("allowDeletes").map(Boolean::parseBoolean).orElse(false)) {
      b.allowDeletes();
    }
    return b;
  }
}
