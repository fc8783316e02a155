package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditEvent.Actor;
import dev.integrationagent.api.audit.AuditEvent.Actor.Kind;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.store.JdbcStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC audit sink answers and keeps, on each database a subclass gives. */
abstract class JdbcAuditQueryCases {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  // an item linked across jira and github, another jira item, records of no item, two of one instant
  static final AuditEvent R1 = rec("r1", "item.created", 0, Actor.agent("agent")).connection("jira").item("APP-1")
      .counterpart("github", "7").build();
  static final AuditEvent R2 = rec("r2", "item.updated", 1, Actor.toolUser("github")).connection("github").item("7")
      .counterpart("jira", "APP-1").build();
  static final AuditEvent R3 = rec("r3", "item.updated", 2, Actor.workflow("triage")).workflow("triage", "run-3")
      .connection("jira").item("APP-2").build();
  static final AuditEvent R4 = rec("r4", "pass.finished", 3, Actor.agent("agent")).build();
  static final AuditEvent R5 = rec("r5", "conflict.parked", 4, new Actor(Kind.CONSOLE_USER, "ana"))
      .connection("jira").item("APP-1").counterpart("github", "7").build();
  static final AuditEvent R6 = rec("r6", "http.call", 5, Actor.host("host-app")).connection("jira").build();
  static final AuditEvent R7 = rec("z-7", "comment.added", 6, Actor.agent("agent")).connection("jira").item("APP-3")
      .build();
  static final AuditEvent R8 = rec("a-8", "comment.added", 6, Actor.agent("agent")).connection("jira").item("APP-3")
      .build();
  static final List<AuditEvent> ALL = List.of(R1, R2, R3, R4, R5, R6, R7, R8);

  private DataSource dataSource;
  private JdbcAuditSink sink;

  /** A new, empty database. */
  abstract DataSource newDataSource();

  @BeforeEach
  void openSink() {
    dataSource = newDataSource();
    sink = JdbcAuditSink.open(dataSource);
  }

  @AfterEach
  void closeSink() {
    sink.close();
  }

  static AuditEvent.Builder rec(String id, String operation, int minutes, Actor actor) {
    return AuditEvent.builder(operation, AuditEvent.Outcome.SUCCESS, T0.plus(Duration.ofMinutes(minutes))).id(id)
        .actor(actor).message(operation + " " + id);
  }

  private void recordAll() {
    ALL.forEach(sink::record);
  }

  @Test
  void findsAnItemsRecordsWhetherItWasWrittenOrTheCounterpart() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().item("jira", "APP-1"))).containsExactly(R1, R2, R5);
    assertThat(sink.query(AuditQuery.all().item("github", "7"))).containsExactly(R1, R2, R5);
    assertThat(sink.query(AuditQuery.all().item("jira", "APP-9"))).isEmpty();
  }

  @Test
  void findsAConnectionsRecordsOnEitherSide() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().connection("github"))).containsExactly(R1, R2, R5);
    assertThat(sink.query(AuditQuery.all().connection("jira"))).containsExactly(R1, R2, R3, R5, R6, R7, R8);
  }

  @Test
  void keepsToATimeRangeFromInclusiveUntilExclusive() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().between(T0.plusSeconds(60), T0.plusSeconds(180)))).containsExactly(R2, R3);
    assertThat(sink.query(AuditQuery.all().since(T0.plusSeconds(300)))).containsExactly(R6, R7, R8);
    assertThat(sink.query(AuditQuery.all().between(Instant.MIN, Instant.MAX))).containsExactlyElementsOf(ALL);
  }

  @Test
  void findsByActorKindAndByActorId() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().actor(Kind.WORKFLOW))).containsExactly(R3);
    assertThat(sink.query(AuditQuery.all().actor(Kind.AGENT))).containsExactly(R1, R4, R7, R8);
    assertThat(sink.query(AuditQuery.all().actor(Actor.toolUser("github")))).containsExactly(R2);
    assertThat(sink.query(AuditQuery.all().actor(Actor.toolUser("gitlab")))).isEmpty();
    assertThat(sink.query(AuditQuery.all().actor(new Actor(Kind.CONSOLE_USER, "ana")))).containsExactly(R5);
  }

  @Test
  void findsByOperationExactlyOrByPrefix() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().operation("item.updated"))).containsExactly(R2, R3);
    assertThat(sink.query(AuditQuery.all().operation("item.*"))).containsExactly(R1, R2, R3);
    assertThat(sink.query(AuditQuery.all().operation("item.upd"))).isEmpty();
  }

  @Test
  void takesLikeWildcardsInAPrefixLiterally() {
    AuditEvent underscore = rec("u", "my_op.done", 0, Actor.agent("agent")).build();
    AuditEvent other = rec("x", "myXop.done", 1, Actor.agent("agent")).build();
    AuditEvent percent = rec("p", "50%.done", 2, Actor.agent("agent")).build();
    AuditEvent fifty = rec("f", "500.done", 3, Actor.agent("agent")).build();
    List.of(underscore, other, percent, fifty).forEach(sink::record);

    assertThat(sink.query(AuditQuery.all().operation("my_op.*"))).containsExactly(underscore);
    assertThat(sink.query(AuditQuery.all().operation("50%.*"))).containsExactly(percent);
  }

  @Test
  void combinesConditions() {
    recordAll();

    AuditQuery item = AuditQuery.all().item("jira", "APP-1").operation("item.*").between(T0, T0.plusSeconds(120));
    assertThat(sink.query(item)).containsExactly(R1, R2);
    assertThat(sink.query(item.actor(Kind.TOOL_USER))).containsExactly(R2);
    assertThat(sink.query(item.actor(Kind.HOST))).isEmpty();
  }

  @Test
  void answersWhatAuditQueryMatchesAccepts() {
    recordAll();
    List<AuditQuery> queries = List.of(AuditQuery.all(), AuditQuery.all().connection("jira").actor(Kind.AGENT),
        AuditQuery.all().item("github", "7").since(T0.plusSeconds(30)), AuditQuery.all().operation("comment.*"),
        AuditQuery.all().actor(Actor.agent("agent")).between(T0.plusSeconds(1), T0.plusSeconds(360)));

    for (AuditQuery q : queries) {
      assertThat(sink.query(q)).as("%s", q).containsExactlyElementsOf(ALL.stream().filter(q::matches).toList());
      assertThat(sink.count(q)).as("count of %s", q).isEqualTo(ALL.stream().filter(q::matches).count());
    }
  }

  @Test
  void aLimitKeepsTheNewestRecordsOldestFirst() {
    recordAll();

    assertThat(sink.query(AuditQuery.all().limit(3))).containsExactly(R6, R7, R8);
    assertThat(sink.query(AuditQuery.all().connection("jira").limit(2))).containsExactly(R7, R8);
    assertThat(sink.count(AuditQuery.all().limit(3))).isEqualTo(8);
  }

  @Test
  void recordsOfOneInstantComeInTheOrderTheyWereStored() {
    sink.record(R8);
    sink.record(R7);

    assertThat(sink.query(AuditQuery.all().item("jira", "APP-3"))).containsExactly(R8, R7);
    assertThat(sink.query(AuditQuery.all().item("jira", "APP-3").limit(1))).containsExactly(R7);
  }

  @Test
  void aRecordDeliveredTwiceIsStoredOnce() {
    sink.record(R1);
    sink.record(R1);
    try (JdbcAuditSink batched = JdbcAuditSink.open(dataSource, 10)) {
      batched.record(R1); // stored by the other sink already
      batched.record(R2);
      batched.record(R2); // twice in one batch
    }
    try (JdbcAuditSink again = JdbcAuditSink.open(dataSource)) {
      again.record(R1.toBuilder().message("a changed copy").build());
    }

    assertThat(sink.query(AuditQuery.all())).containsExactly(R1, R2);
  }

  @Test
  void recordsSurviveClosingAndReopening() {
    sink.record(R1);
    sink.record(R2);
    sink.close();

    sink = JdbcAuditSink.open(dataSource);
    sink.record(R3);
    assertThat(sink.query(AuditQuery.all())).containsExactly(R1, R2, R3);
  }

  @Test
  void concurrentWritersFromFourThreadsLoseNothing() throws Exception {
    try (JdbcAuditSink batched = JdbcAuditSink.open(dataSource, 7)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          JdbcAuditSink target = t % 2 == 0 ? sink : batched; // one sink shared, and two sinks on one database
          int thread = t;
          done.add(pool.submit(() -> IntStream.range(0, 150).forEach(i ->
              target.record(rec(thread + "-" + i, "item.updated", i, Actor.agent("agent")).connection("c")
                  .item(Integer.toString(i)).build()))));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }

    List<String> ids = sink.query(AuditQuery.all().limit(10_000)).stream().map(AuditEvent::id).toList();
    assertThat(ids).hasSize(600).doesNotHaveDuplicates();
    for (int t = 0; t < 4; t++) {
      String prefix = t + "-";
      assertThat(ids.stream().filter(id -> id.startsWith(prefix))).as("thread %d", t).hasSize(150);
    }
  }

  @Test
  void sinksOpeningTogetherCreateTheTableAndItsIndexesOnce() throws Exception {
    DataSource fresh = newDataSource();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<JdbcAuditSink>> opened = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        opened.add(pool.submit(() -> JdbcAuditSink.open(fresh)));
      }
      for (Future<JdbcAuditSink> f : opened) {
        f.get(60, TimeUnit.SECONDS).close();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(indexNames(fresh)).contains("ia_audit_records_at", "ia_audit_records_item",
        "ia_audit_records_counterpart", "ia_audit_records_actor", "ia_audit_records_operation");
  }

  private static List<String> indexNames(DataSource ds) throws java.sql.SQLException {
    List<String> names = new ArrayList<>();
    try (java.sql.Connection c = ds.getConnection()) {
      for (String table : List.of("ia_audit_records", "IA_AUDIT_RECORDS")) { // PostgreSQL folds to lower, H2 to upper
        try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
          while (rs.next()) {
            if (rs.getString("INDEX_NAME") != null) {
              names.add(rs.getString("INDEX_NAME").toLowerCase(java.util.Locale.ROOT));
            }
          }
        }
      }
    }
    return names;
  }

  @Test
  void pruningDeletesTheRecordsFromBeforeTheInstant() {
    recordAll();

    assertThat(sink.prune(T0.plusSeconds(120))).isEqualTo(2);
    assertThat(sink.query(AuditQuery.all())).containsExactly(R3, R4, R5, R6, R7, R8);
    assertThat(sink.prune(T0)).isZero();
  }

  @Test
  void worksBesideAStateStoreInUseOnTheSameDatabase() {
    StateStore store = StateStores.jdbc(dataSource);
    try (JdbcAuditSink beside = AuditSinks.jdbc(store)) {
      for (int i = 0; i < 5; i++) {
        int n = i;
        store.inTransaction(() -> {
          store.saveCursor("plan", "jira", Cursor.of("c" + n));
          beside.record(rec("s" + n, "item.updated", n, Actor.agent("agent")).connection("jira").build());
          return null;
        });
      }
      assertThat(beside.count(AuditQuery.all().connection("jira"))).isEqualTo(5);
      assertThat(sink.count(AuditQuery.all())).as("the sink of the test on the same database").isEqualTo(5);
    }
    assertThat(store.cursor("plan", "jira")).contains(Cursor.of("c4"));
    assertThat(((JdbcStateStore) store).schemaVersion()).isEqualTo(3);
    store.close();

    StateStore reopened = StateStores.jdbc(dataSource); // the store migrates beside the audit table
    assertThat(reopened.cursor("plan", "jira")).contains(Cursor.of("c4"));
    reopened.close();
  }
}
