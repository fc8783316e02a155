package dev.integrationagent.store;

import static dev.integrationagent.store.JdbcStateStore.failure;

import dev.integrationagent.api.IntegrationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import javax.sql.DataSource;

/**
 * The transactions of one {@link JdbcStateStore}: the connection a transaction uses is bound to
 * its thread, so that every store method the work calls, however deep, finds it and writes in
 * the same transaction, without the SPI passing a handle around. Per store instance, so that two
 * stores never share a transaction by accident.
 */
final class JdbcTransactions {
  private final DataSource dataSource;
  private final String description;
  private final ThreadLocal<Bound> bound = new ThreadLocal<>();

  JdbcTransactions(DataSource dataSource, String description) {
    this.dataSource = dataSource;
    this.description = description;
  }

  /** The transaction open on this thread, or null. */
  @Nullable Bound current() {
    return bound.get();
  }

  /**
   * Runs the work in a transaction of its own, or in the one open on this thread (nested); commits
   * at the end of the outermost, rolls back when the work throws and rethrows what it threw.
   */
  <T> T run(Supplier<T> work) {
    if (bound.get() != null) {
      return work.get();
    }
    Connection c = begin();
    Bound open = new Bound(c);
    bound.set(open);
    T result;
    try {
      result = work.get();
    } catch (Throwable t) {
      bound.remove();
      try {
        end(c, false);
      } catch (SQLException | RuntimeException r) {
        t.addSuppressed(r);
      }
      throw t; // unchanged
    }
    bound.remove();
    if (open.failed != null) {
      // The work went on after a statement failed: PostgreSQL has aborted the transaction, and
      // committing the rest on H2 would break "together or not at all".
      try {
        end(c, false);
      } catch (SQLException r) {
        open.failed.addSuppressed(r);
      }
      throw new IntegrationException(open.failed.category(), "the transaction in " + description
          + " was rolled back: a statement in it failed and the work went on instead of failing ("
          + open.failed.getMessage() + ")", open.failed);
    }
    try {
      end(c, true);
    } catch (SQLException e) {
      throw failure("commit a transaction in " + description, e);
    }
    return result;
  }

  private Connection begin() {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(false);
      return c;
    } catch (SQLException e) {
      IntegrationException failure = failure("begin a transaction in " + description, e);
      if (c != null) {
        try {
          c.close();
        } catch (SQLException r) {
          failure.addSuppressed(r);
        }
      }
      throw failure;
    }
  }

  /** Commits or rolls back, then gives the connection back; a failed commit is rolled back. */
  private static void end(Connection c, boolean commit) throws SQLException {
    try (c) {
      try {
        if (commit) {
          c.commit();
        } else {
          c.rollback();
        }
      } catch (SQLException e) {
        if (commit) {
          try {
            c.rollback();
          } catch (SQLException r) {
            e.addSuppressed(r);
          }
        }
        throw e;
      }
      c.setAutoCommit(true);
    }
  }

  /** A transaction's connection, bound to its thread, and the first statement that failed in it. */
  static final class Bound {
    private final Connection connection;
    private @Nullable IntegrationException failed;

    private Bound(Connection connection) {
      this.connection = connection;
    }

    /** Runs store work on this transaction's connection; a failed statement dooms the transaction. */
    <T> T run(String what, JdbcStateStore.Work<T> work) {
      try {
        return work.run(connection);
      } catch (SQLException e) {
        IntegrationException failure = failure(what, e);
        if (failed == null) {
          failed = failure;
        }
        throw failure;
      }
    }
  }
}
