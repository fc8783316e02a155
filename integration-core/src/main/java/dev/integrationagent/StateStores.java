package dev.integrationagent;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.store.InMemoryStateStore;
import dev.integrationagent.store.JdbcStateStore;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The built-in state stores.
 *
 * <pre>{@code
 * StateStores.h2(Path.of("data/agent"))   // embedded file database: data/agent.mv.db (the default); one process
 * StateStores.jdbc(dataSource)            // PostgreSQL shared by several agents, or H2
 * StateStores.inMemory()                  // nothing survives the process
 * }</pre>
 */
public final class StateStores {
  private StateStores() {}

  /** A store in the heap, not {@linkplain StateStore#sharedAcrossProcesses() shared across processes}. */
  public static StateStore inMemory() {
    return new InMemoryStateStore();
  }

  /**
   * An embedded H2 database in files beginning with {@code path} ({@code path + ".mv.db"}),
   * created with its schema on first use. One process at a time may open it (H2 locks the file),
   * so the store is not {@linkplain StateStore#sharedAcrossProcesses() shared across processes}:
   * after a crash, the restarted host's agent resumes at once, blocked by no lease of the dead one.
   *
   * <p>Every write is in the file when its call returns: a process killed right after loses
   * nothing it was told was saved. (H2 writes committed changes up to 500 ms later by default;
   * this store opens the file with that delay off.) The file is not forced to the disk on each
   * commit, so a power failure may still lose the last moments; a host that needs that guarantee
   * uses {@link #jdbc} on PostgreSQL.
   */
  public static StateStore h2(Path path) {
    requireNonNull(path, "path");
    Path absolute = path.toAbsolutePath().normalize();
    JdbcConnectionPool pool = JdbcConnectionPool.create(h2Url(absolute), "sa", "");
    try {
      return JdbcStateStore.open(pool, "h2:" + absolute, pool::dispose, false);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
  }

  /**
   * The URL of the embedded file database. {@code WRITE_DELAY=0}: H2 (2.x, MVStore) then writes
   * each transaction to the file as it commits, before the commit returns, instead of from a
   * background thread up to 500 ms later. {@code DB_CLOSE_DELAY=0}: the database closes with its
   * last connection, which closing the store's pool is.
   */
  static String h2Url(Path absolute) {
    return "jdbc:h2:file:" + absolute + ";DB_CLOSE_DELAY=0;WRITE_DELAY=0";
  }

  /**
   * A store in the database behind {@code dataSource} (PostgreSQL or H2), migrated to the
   * current schema on open. The data source stays the host's: closing the store leaves it open.
   * It is {@linkplain StateStore#sharedAcrossProcesses() shared across processes}: agents of
   * several hosts may point at it, and passes are claimed through leases in the database.
   */
  public static StateStore jdbc(DataSource dataSource) {
    return JdbcStateStore.open(requireNonNull(dataSource, "dataSource"), "", null);
  }
}
