package dev.integrationagent.connectors.jdbc;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.http.SettingProblems;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import javax.sql.DataSource;

/**
 * One table of the host's own database (H2, PostgreSQL) synced as if it were a tool. A row is a
 * JSON object of its columns (names in lower case, timestamps as ISO-8601 instants in UTC), and
 * the connection's mapping turns it into the canonical item and back.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("tickets", JdbcTableConnector.builder()
 *         .dataSource(dataSource)                 // the host's own pool
 *         .table("tickets").idColumn("id")
 *         .changeTable()                          // or updatedAtColumn("updated_at"), versionColumn("row_version")
 *         .timestampColumn("updated_at")
 *         .mapping(Mappings.fromYaml(Path.of("tickets.mapping.yaml"))))
 *     .sync(SyncPlan.between("tickets", "jira").twoWay())
 * }</pre>
 *
 * <p>Changes are found in one of three ways:
 *
 * <ul>
 *   <li>{@link Builder#updatedAtColumn}: rows whose timestamp moved on, in (timestamp, id) order;
 *       nothing to install. Deletes are not seen, and the host must stamp every write (and a row
 *       stamped by a transaction that commits late, after a later stamp was listed, is missed).
 *   <li>{@link Builder#versionColumn}: a bigint column a trigger of the connector's sets from a
 *       sequence on every insert and update; deletes are not seen.
 *   <li>{@link Builder#changeTable()}: triggers of the connector's record every insert, update
 *       and delete in a change table; deletes are reported, and a change that commits late is
 *       still listed.
 * </ul>
 *
 * <p>What the connector keeps next to the table ({@code <table>_ia_changes},
 * {@code <table>_ia_seq}, {@code <table>_ia_markers}, the triggers) is installed on first use of a
 * session, idempotently; hosts that run schema changes themselves turn that off with
 * {@link Builder#installOnOpen(boolean) installOnOpen(false)} and call {@link Builder#install()}
 * from their migration. Writes are optimistic: an update names the version it was based on, and a
 * row that moved on since fails it with {@code CONFLICT}, so the engine writes without reading
 * first ({@link Capability#OPTIMISTIC_LOCKING}).
 */
public final class JdbcTableConnector {
  /** The tool type. */
  public static final String TYPE = "jdbc-table";

  private JdbcTableConnector() {}

  /** A connection definition to fill in and hand to the agent builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** What a session is opened with; checked by {@link Builder#problems()}. */
  record Config(DataSource dataSource, String table, String idColumn, Tracking tracking, @Nullable String trackColumn,
      @Nullable String timestampColumn, @Nullable String markerColumn, boolean deletes, boolean installOnOpen,
      Duration inFlightWait) {

    Set<Capability> capabilities() {
      EnumSet<Capability> can = EnumSet.of(Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE,
          Capability.OPTIMISTIC_LOCKING, Capability.SYNC_MARKERS);
      if (deletes) {
        can.add(Capability.DELETE);
      }
      return Set.copyOf(can);
    }

    /** The declared table and columns, checked against the database's catalog. */
    Shape resolve(Connection c, String connectionId) throws SQLException {
      Table t = Table.resolve(c, table, connectionId);
      Table.Column id = t.column(idColumn, "idColumn", connectionId);
      Table.Column track = trackColumn == null ? null
          : t.column(trackColumn, tracking == Tracking.UPDATED_AT ? "updatedAtColumn" : "versionColumn", connectionId);
      Table.Column stamp = tracking == Tracking.UPDATED_AT ? track
          : timestampColumn == null ? null : t.column(timestampColumn, "timestampColumn", connectionId);
      Table.Column marker = markerColumn == null ? null : t.column(markerColumn, "markerColumn", connectionId);
      return new Shape(t, id, tracking, track, stamp, marker);
    }
  }

  /**
   * A table connection: the data source, the table, its id column, one way of tracking changes
   * and the mapping are required. Problems are reported together by {@link #problems()}.
   */
  public static final class Builder implements ConnectionDefinition {
    private @Nullable DataSource dataSource;
    private @Nullable String table;
    private String idColumn = "id";
    private @Nullable Tracking tracking;
    private @Nullable String trackColumn;
    private @Nullable String timestampColumn;
    private @Nullable String markerColumn;
    private boolean deletes;
    private boolean installOnOpen = true;
    private Duration inFlightWait = Duration.ofMinutes(2);
    private @Nullable Mapping mapping;
    private final java.util.Map<Tracking, String> trackings = new java.util.EnumMap<>(Tracking.class);
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The host's DataSource (a pool); each call borrows a connection and returns it. */
    public Builder dataSource(DataSource value) {
      this.dataSource = misuse.present("dataSource", value, dataSource);
      return this;
    }

    /** The table, as {@code tickets} or {@code schema.tickets}; spelled in any case. */
    public Builder table(String name) {
      this.table = name(misuse.present("table", name, table), "table", "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
      return this;
    }

    /** The column of each row's stable id (default {@code id}); an identity column fills itself on insert. */
    public Builder idColumn(String name) {
      String value = name(misuse.present("idColumn", name, idColumn), "idColumn", null);
      this.idColumn = value == null ? idColumn : value;
      return this;
    }

    /** Tracks changes by a timestamp column that every write stamps; the connector's writes stamp it too. */
    public Builder updatedAtColumn(String name) {
      return track(Tracking.UPDATED_AT, "updatedAtColumn", name);
    }

    /** Tracks changes by a bigint column that the connector's trigger sets from a sequence on every insert and update. */
    public Builder versionColumn(String name) {
      return track(Tracking.VERSION, "versionColumn", name);
    }

    /** Tracks changes in a change table that the connector's triggers keep: deletes are seen too. */
    public Builder changeTable() {
      trackings.put(Tracking.CHANGE_TABLE, "changeTable()");
      this.tracking = Tracking.CHANGE_TABLE;
      this.trackColumn = null;
      return this;
    }

    private Builder track(Tracking mode, String setting, String name) {
      String value = name(misuse.present(setting, name, null), setting, null);
      if (value != null) {
        trackings.put(mode, setting + "(" + value + ")");
        this.tracking = mode;
        this.trackColumn = value;
      }
      return this;
    }

    /**
     * A timestamp column the connector stamps on its writes, read as the item's updated time (with a
     * version column or a change table; the updated-at column is its own). Without one, the change
     * table's time is used, or the time of the read.
     */
    public Builder timestampColumn(String name) {
      this.timestampColumn = name(misuse.present("timestampColumn", name, timestampColumn), "timestampColumn", null);
      return this;
    }

    /** A text column of the table for sync markers; without one they are kept in {@code <table>_ia_markers}. */
    public Builder markerColumn(String name) {
      this.markerColumn = name(misuse.present("markerColumn", name, markerColumn), "markerColumn", null);
      return this;
    }

    /** Lets syncs delete rows (declares {@link Capability#DELETE}); off by default. */
    public Builder allowDeletes() {
      this.deletes = true;
      return this;
    }

    /** Whether the first use of a session installs what the connector keeps next to the table (default true). */
    public Builder installOnOpen(boolean value) {
      this.installOnOpen = value;
      return this;
    }

    /**
     * How long a change number missing from the change table is waited for (default 2 minutes): a
     * transaction open longer than this when the listing passes its change may be missed.
     */
    public Builder inFlightWait(Duration value) {
      this.inFlightWait = misuse.check("inFlightWait", () -> {
        if (requireNonNull(value).isNegative() || value.isZero()) {
          throw new IllegalArgumentException("must be positive but was " + value);
        }
        return value;
      }, inFlightWait);
      return this;
    }

    /** The mapping between a row's JSON (its columns) and the canonical item; required. */
    public Builder mapping(Mapping value) {
      this.mapping = misuse.present("mapping", value, mapping);
      return this;
    }

    private @Nullable String name(@Nullable String value, String setting, @Nullable String pattern) {
      if (value == null) {
        return null;
      }
      String trimmed = value.trim();
      if (!trimmed.matches(pattern != null ? pattern : "[A-Za-z_][A-Za-z0-9_$]*")) {
        misuse.record(setting, "not a column or table name: '" + value + "'");
        return null;
      }
      return trimmed;
    }

    /**
     * Installs now what the connector keeps next to the table (idempotent): for hosts that run
     * schema changes from their own migration, with {@code installOnOpen(false)}.
     *
     * @throws dev.integrationagent.api.IntegrationException classified as a session's calls are
     */
    public void install() {
      Config config = config("install");
      try (Connection c = config.dataSource().getConnection()) {
        Installer.install(c, config.resolve(c, "install"), "install");
      } catch (SQLException e) {
        throw SqlErrors.classify(e, "install", config.table(), "installing the change tracking");
      }
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (dataSource == null) {
        problems.add("dataSource: missing; give the host's DataSource");
      }
      if (table == null) {
        problems.add("table: missing; give the table to sync, e.g. 'tickets'");
      }
      if (trackings.isEmpty()) {
        problems.add("tracking: missing; give one of updatedAtColumn(name), versionColumn(name), changeTable()");
      } else if (trackings.size() > 1) {
        problems.add("tracking: give one of updatedAtColumn, versionColumn, changeTable, not " + trackings.values());
      }
      if (mapping == null) {
        problems.add("mapping: missing; give the mapping between the table's columns and the canonical item");
      }
      return List.copyOf(misuse.merge(problems));
    }

    @Override
    public Optional<Mapping> mapping() {
      return Optional.ofNullable(mapping);
    }

    private Config config(String connectionId) {
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new ConfigurationException("JDBC table connection '" + connectionId + "' is invalid", problems);
      }
      return new Config(requireNonNull(dataSource), requireNonNull(table), idColumn, requireNonNull(tracking),
          trackColumn, timestampColumn, markerColumn, deletes, installOnOpen, inFlightWait);
    }

    @Override
    public ConnectorSession open(ConnectorContext context) {
      requireNonNull(context, "context");
      return new JdbcTableSession(config(context.connectionId()), context);
    }
  }
}
