package dev.integrationagent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.store.StateStore;

/** What the JDBC store does on both databases, beyond the contract every store meets. */
final class JdbcTransactionChecks {
  private JdbcTransactionChecks() {}

  /**
   * A statement that fails inside a transaction dooms it, even when the work catches the failure
   * and goes on: PostgreSQL refuses the rest, and H2, which would take it, must not commit a
   * transaction that lost one of its writes.
   */
  static void aFailedStatementRollsBackWorkThatWentOn(StateStore store) {
    String tooLong = "p".repeat(500); // plan ids are VARCHAR(200)

    assertThatThrownBy(() -> store.inTransaction(() -> {
      store.saveCursor("p", "github", Cursor.of("1"));
      assertThatThrownBy(() -> store.saveCursor(tooLong, "github", Cursor.of("x")))
          .isInstanceOf(IntegrationException.class);
      try {
        store.saveCursor("p", "jira", Cursor.of("2"));
      } catch (IntegrationException refused) {
        // PostgreSQL: "current transaction is aborted"; the work goes on regardless
      }
    })).isInstanceOf(IntegrationException.class).hasMessageContaining("rolled back");

    assertThat(store.cursor("p", "github")).isEmpty();
    assertThat(store.cursor("p", "jira")).isEmpty();
    store.saveCursor("p", "github", Cursor.of("after"));
    assertThat(store.cursor("p", "github")).as("the store works on").contains(Cursor.of("after"));
  }
}
