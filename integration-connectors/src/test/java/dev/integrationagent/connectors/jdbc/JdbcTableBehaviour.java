package dev.integrationagent.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorHealth;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.HealthStatus;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.TestConnectorContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** What the JDBC table connector does beyond the contract, on one database. */
abstract class JdbcTableBehaviour {
  private final FakeClock clock = FakeClock.at("2026-03-02T09:15:00Z");
  private final TestDatabases.Kind kind;
  private final TicketTable table;

  JdbcTableBehaviour(TestDatabases.Kind kind) {
    this.kind = kind;
    this.table = new TicketTable(TestDatabases.fresh(kind), clock);
  }

  private ConnectorSession open(JdbcTableConnector.Builder builder) {
    return builder.open(TestConnectorContext.of("tickets", clock));
  }

  private ConnectorSession open(TicketTable.Mode mode) {
    return open(table.connection(mode));
  }

  /** Every change after {@code from}, in pages of 2; the last cursor is added to {@code cursors}. */
  private static List<ExternalItem> drain(ConnectorSession session, Cursor from, List<Cursor> cursors) {
    List<ExternalItem> out = new ArrayList<>();
    Cursor at = from;
    for (int i = 0; i < 100; i++) {
      ChangePage page = session.changes(at, 2);
      out.addAll(page.items());
      at = page.next();
      if (!page.hasMore()) {
        break;
      }
    }
    cursors.add(at);
    return out;
  }

  private static ObjectNode ticket(String subject) {
    return JsonNodeFactory.instance.objectNode().put("subject", subject).put("state", "open");
  }

  private static void assertCategory(Runnable call, ErrorCategory category, String... mentions) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(IntegrationException.class, e -> {
      assertThat(e.category()).as(e.getMessage()).isEqualTo(category);
      assertThat(e.getMessage()).contains(mentions);
    });
  }

  @Test
  void aChangeTableReportsDeletes() {
    ConnectorSession session = open(TicketTable.Mode.CHANGE_TABLE);
    String id = table.insert("Soon gone");
    List<Cursor> cursors = new ArrayList<>();
    drain(session, Cursor.START, cursors);

    table.delete(id);
    List<ExternalItem> listed = drain(session, cursors.get(0), cursors);

    assertThat(listed).singleElement().satisfies(item -> {
      assertThat(item.id()).isEqualTo(id);
      assertThat(item.deleted()).isTrue();
    });
    assertThat(session.get(id)).isEmpty();
  }

  @Test
  void aChangeTableListsEveryEditMadeWithinOneInstant() {
    ConnectorSession session = open(TicketTable.Mode.CHANGE_TABLE);
    String id = table.insert("Edited twice");
    List<Cursor> cursors = new ArrayList<>();
    drain(session, Cursor.START, cursors);

    table.set(id, "subject", "First edit");
    List<ExternalItem> first = drain(session, cursors.get(0), cursors);
    table.set(id, "subject", "Second edit, same instant");
    List<ExternalItem> second = drain(session, cursors.get(1), cursors);

    assertThat(first).extracting(i -> i.data().path("subject").asText()).containsExactly("First edit");
    assertThat(second).extracting(i -> i.data().path("subject").asText()).containsExactly("Second edit, same instant");
    assertThat(second.get(0).updatedAt()).isEqualTo(first.get(0).updatedAt());
    assertThat(second.get(0).version()).isNotEqualTo(first.get(0).version());
  }

  @Test
  void aChangeCommittedAfterALaterOneIsStillListed() throws SQLException {
    ConnectorSession session = open(TicketTable.Mode.CHANGE_TABLE);
    session.changes(Cursor.START, 10); // installs the change table
    List<Cursor> cursors = new ArrayList<>();
    drain(session, Cursor.START, cursors);
    try (Connection slow = table.db.dataSource().getConnection()) {
      slow.setAutoCommit(false);
      try (PreparedStatement ps = slow.prepareStatement("INSERT INTO " + table.name + " (subject) VALUES ('Slow')")) {
        ps.executeUpdate(); // takes its change number now, commits later
      }
      String fast = table.insert("Fast");
      List<ExternalItem> beforeCommit = drain(session, cursors.get(0), cursors);
      slow.commit();
      List<ExternalItem> afterCommit = drain(session, cursors.get(1), cursors);

      assertThat(beforeCommit).extracting(ExternalItem::id).containsExactly(fast);
      assertThat(afterCommit).extracting(i -> i.data().path("subject").asText()).containsExactly("Slow");
      assertThat(drain(session, cursors.get(2), cursors)).isEmpty();
    }
  }

  @Test
  void anUpdatedAtCursorDoesNotMissRowsSharingAnInstant() {
    ConnectorSession session = open(TicketTable.Mode.UPDATED_AT);
    List<String> ids = List.of(table.insert("a"), table.insert("b"), table.insert("c"));

    ChangePage first = session.changes(Cursor.START, 2);
    ChangePage rest = session.changes(new Cursor(first.next().value()), 2);

    assertThat(first.items()).extracting(ExternalItem::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(rest.items()).extracting(ExternalItem::id).containsExactly(ids.get(2));
    assertThat(rest.hasMore()).isFalse();
  }

  @Test
  void aStaleUpdateIsAConflictNamingBothVersionsAndWritesNothing() {
    for (TicketTable.Mode mode : TicketTable.Mode.values()) {
      ConnectorSession session = open(mode);
      ExternalItem created = session.create(ticket("Locked " + mode), null);
      clock.advance(Duration.ofSeconds(1));
      table.set(created.id(), "body", "a person's edit");
      String now = session.get(created.id()).orElseThrow().version();

      assertCategory(() -> session.update(created.id(), ticket("stale"), created.version()), ErrorCategory.CONFLICT,
          created.version(), now);
      assertThat(table.row(created.id())).containsEntry("subject", "Locked " + mode);
      ExternalItem updated = session.update(created.id(), ticket("fresh"), now);
      assertThat(updated.data().path("subject").asText()).isEqualTo("fresh");
      assertThat(updated.data().path("body").asText()).as("a field not in the patch").isEqualTo("a person's edit");
    }
  }

  @Test
  void aCreateWhoseCommitAnswerWasLostIsFoundByItsMarker() {
    AtomicBoolean loseNextCommit = new AtomicBoolean(false);
    ConnectorSession session = open(table.connection(TicketTable.Mode.CHANGE_TABLE)
        .dataSource(losingCommitAnswers(table.db.dataSource(), loseNextCommit)));
    session.get("1"); // installs, before the commit to lose
    loseNextCommit.set(true);

    ExternalItem created = session.create(ticket("Created once"), "ia:plan:jira:10001");

    assertThat(loseNextCommit).as("the commit's answer was lost").isFalse();
    assertThat(table.count()).isEqualTo(1);
    assertThat(created.data().path("subject").asText()).isEqualTo("Created once");
    assertThat(session.findByMarker("ia:plan:jira:10001")).map(ExternalItem::id).contains(created.id());
    assertThat(session.create(ticket("Created once"), "ia:plan:jira:10001").id()).as("created again with its marker")
        .isEqualTo(created.id());
    assertThat(table.count()).isEqualTo(1);
  }

  @Test
  void markersCanLiveInAColumnOfTheTable() {
    table.execute("ALTER TABLE " + table.name + " ADD COLUMN sync_marker VARCHAR(200)");
    ConnectorSession session = open(table.connection(TicketTable.Mode.UPDATED_AT).markerColumn("sync_marker"));

    ExternalItem created = session.create(ticket("Marked"), "ia:m:1");

    assertThat(table.row(created.id())).containsEntry("sync_marker", "ia:m:1");
    assertThat(created.data().has("sync_marker")).as("the marker column is not part of the item").isFalse();
    assertThat(session.findByMarker("ia:m:1")).map(ExternalItem::id).contains(created.id());
    assertThat(session.findByMarker("ia:m:2")).isEmpty();
  }

  @Test
  void installingIsIdempotentAndListsExistingRowsOnce() {
    List<String> existing = List.of(table.insert("Before install 1"), table.insert("Before install 2"));
    for (TicketTable.Mode mode : List.of(TicketTable.Mode.CHANGE_TABLE, TicketTable.Mode.VERSION)) {
      JdbcTableConnector.Builder builder = table.connection(mode).installOnOpen(false);
      builder.install();
      builder.install();
      ConnectorSession session = open(builder);

      List<Cursor> cursors = new ArrayList<>();
      assertThat(drain(session, Cursor.START, cursors)).extracting(ExternalItem::id).as(mode.name())
          .containsExactlyElementsOf(existing);
      assertThat(drain(session, cursors.get(0), cursors)).isEmpty();
    }
  }

  @Test
  void aChangeTableNotInstalledIsAConfigurationError() {
    ConnectorSession session = open(table.connection(TicketTable.Mode.CHANGE_TABLE).installOnOpen(false));

    assertCategory(() -> session.changes(Cursor.START, 10), ErrorCategory.CONFIGURATION, table.name);
  }

  @Test
  void aMissingTableOrColumnIsAConfigurationErrorNamingIt() {
    ConnectorSession noTable = open(table.connection(TicketTable.Mode.UPDATED_AT).table("no_such_tickets"));
    ConnectorSession noColumn = open(table.connection(TicketTable.Mode.UPDATED_AT).updatedAtColumn("changed_on"));

    assertCategory(() -> noTable.changes(Cursor.START, 10), ErrorCategory.CONFIGURATION, "no_such_tickets");
    assertCategory(() -> noColumn.get("1"), ErrorCategory.CONFIGURATION, "changed_on", "updatedAtColumn");
    ConnectorHealth health = noTable.health();
    assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.reason()).contains("no_such_tickets");
  }

  @Test
  void aFieldThatIsNoColumnOrAValueThatDoesNotFitIsRefusedAsValidation() {
    ConnectorSession session = open(TicketTable.Mode.UPDATED_AT);

    assertCategory(() -> session.create(ticket("x").put("colour", "red"), null), ErrorCategory.VALIDATION, "colour");
    assertCategory(() -> session.create(ticket("x").put("due", "next week"), null), ErrorCategory.VALIDATION, "due");
    assertThat(table.count()).isZero();
  }

  @Test
  void anUnreachableDatabaseIsTransient() {
    ConnectorSession session = open(table.connection(TicketTable.Mode.UPDATED_AT).dataSource(unreachable()));

    assertCategory(() -> session.changes(Cursor.START, 10), ErrorCategory.TRANSIENT, table.name);
    assertThat(session.health().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void deletesAreRefusedUnlessAllowed() {
    ConnectorSession session = open(TicketTable.Mode.UPDATED_AT);
    ExternalItem created = session.create(ticket("Kept"), null);
    ConnectorSession strict = open(JdbcTableConnector.builder().dataSource(table.db.dataSource()).table(table.name)
        .updatedAtColumn("updated_at").mapping(TicketTable.MAPPING));

    assertCategory(() -> strict.delete(created.id()), ErrorCategory.PERMANENT, "allowDeletes");
    session.delete(created.id());
    assertThat(session.get(created.id())).isEmpty();
  }

  private DataSource unreachable() {
    if (kind == TestDatabases.Kind.H2) {
      org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
      ds.setURL("jdbc:h2:tcp://127.0.0.1:1/mem:nowhere");
      ds.setUser("host");
      ds.setPassword("host-password");
      return ds;
    }
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {1});
    ds.setDatabaseName("nowhere");
    ds.setUser("postgres");
    return ds;
  }

  /** Connections whose next commit commits, then fails as a connection lost before the answer would. */
  private static DataSource losingCommitAnswers(DataSource real, AtomicBoolean loseNext) {
    return (DataSource) Proxy.newProxyInstance(JdbcTableBehaviour.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          if (!method.getName().equals("getConnection")) {
            return result;
          }
          Connection connection = (Connection) result;
          return Proxy.newProxyInstance(JdbcTableBehaviour.class.getClassLoader(), new Class<?>[] {Connection.class},
              (p, m, a) -> {
                Object r = invoke(connection, m, a);
                if (m.getName().equals("commit") && loseNext.compareAndSet(true, false)) {
                  throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                }
                return r;
              });
        });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
