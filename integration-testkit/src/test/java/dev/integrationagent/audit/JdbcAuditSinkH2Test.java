package dev.integrationagent.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.StateStores;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.audit.AuditSink;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.AuditSinkContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink contract on H2, and what the sink does with batches, refusals and a database that is down. */
class JdbcAuditSinkH2Test extends AuditSinkContract {
  @TempDir Path dir;
  private DataSource dataSource;

  @Override
  protected AuditSink newSink() {
    dataSource = TestH2.freshDatabase("audit_contract");
    return AuditSinks.jdbc(dataSource);
  }

  @Override
  protected List<AuditEvent> delivered(AuditSink sink) {
    try (JdbcAuditSink reader = JdbcAuditSink.open(dataSource)) {
      return reader.query(AuditQuery.all());
    }
  }

  @Test
  void aBatchedSinkWritesWhenTheBatchIsFullAndOnFlushAndClose() {
    newSink().close();
    JdbcAuditSink batched = JdbcAuditSink.open(dataSource, 3);
    batched.record(event(1));
    batched.record(event(2));
    assertThat(delivered(batched)).as("buffered").isEmpty();

    batched.record(event(3));
    assertThat(delivered(batched)).containsExactly(event(1), event(2), event(3));

    batched.record(event(4));
    batched.flush();
    assertThat(delivered(batched)).hasSize(4);

    batched.record(event(5));
    batched.close();
    assertThat(delivered(batched)).hasSize(5);
  }

  @Test
  void aRecordTheTableCannotHoldIsRefusedAloneAndTheNextAreStored() {
    AuditSink sink = newSink();
    AuditEvent tooLong = event(1).toBuilder().item("x".repeat(301)).build();

    assertThatThrownBy(() -> sink.record(tooLong)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("itemId").hasMessageContaining("301 characters");
    sink.record(event(2));
    assertThat(delivered(sink)).containsExactly(event(2));
    sink.close();
  }

  @Test
  void recordsAFailedWriteLeftBehindAreWrittenWithTheNext() {
    newSink().close();
    AtomicBoolean down = new AtomicBoolean();
    DataSource flaky = failingWhen(down, dataSource);
    try (JdbcAuditSink sink = JdbcAuditSink.open(flaky)) {
      down.set(true);
      assertThatThrownBy(() -> sink.record(event(1))).isInstanceOfSatisfying(IntegrationException.class,
          e -> assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT)).hasMessageContaining("kept");
      down.set(false);
      sink.record(event(2));
    }
    assertThat(delivered(null)).containsExactly(event(1), event(2));
  }

  @Test
  void aSinkBesideAnH2FileStoreKeepsItsRecordsAcrossRestarts() {
    StateStore store = StateStores.h2(dir.resolve("agent"));
    try (JdbcAuditSink sink = AuditSinks.jdbc(store)) {
      sink.record(event(1));
    }
    store.close();

    StateStore reopened = StateStores.h2(dir.resolve("agent"));
    try (JdbcAuditSink sink = AuditSinks.jdbc(reopened)) {
      assertThat(sink.query(AuditQuery.all())).containsExactly(event(1));
    } finally {
      reopened.close();
    }
  }

  @Test
  void aStoreThatIsNotJdbcIsAConfigurationProblem() {
    assertThatThrownBy(() -> AuditSinks.jdbc(StateStores.inMemory()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("audit.jdbc: the state store InMemoryStateStore is not a JDBC store"));
  }

  @Test
  void aBatchSizeOutOfRangeIsRefusedQuotingIt() {
    newSink().close();
    assertThatThrownBy(() -> JdbcAuditSink.open(dataSource, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  /** The data source, refusing connections while {@code down} is set, as a database that went away. */
  private static DataSource failingWhen(AtomicBoolean down, DataSource real) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (down.get() && method.getName().equals("getConnection")) {
            throw new SQLException("connection refused", "08001");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aBatchIsWrittenWholeBeforeRecordAllReturnsAndARepeatedRecordIsStoredOnce() {
    JdbcAuditSink sink = (JdbcAuditSink) newSink();
    sink.recordAll(List.of(event(1), event(2), event(3)));
    assertThat(delivered(sink)).as("durable when recordAll returns, with no flush")
        .containsExactly(event(1), event(2), event(3));

    sink.recordAll(List.of(event(3), event(4)));
    assertThat(delivered(sink)).containsExactly(event(1), event(2), event(3), event(4));
    sink.close();
  }
}
