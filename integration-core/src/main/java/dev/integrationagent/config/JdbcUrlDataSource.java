package dev.integrationagent.config;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.annotation.Nullable;
import javax.sql.DataSource;

/**
 * A data source from a JDBC URL, opening each connection through {@link DriverManager} with the
 * driver on the class path, without a pool: what a configuration document can name
 * ({@code stateStore.url}, a {@code jdbc-table} connection's {@code url}). A host with a pool of its
 * own builds the agent in Java and hands it that. Never prints its password.
 *
 * @param url the JDBC URL ({@code jdbc:postgresql://db:5432/app}, {@code jdbc:h2:/var/app/db})
 * @param user the user, or null
 * @param password the password, or null
 */
public record JdbcUrlDataSource(String url, @Nullable String user, @Nullable String password)
    implements DataSource {
  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return DriverManager.getConnection(url, username, pass);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.integrationagent");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  @Override
  public String toString() {
    return "JdbcUrlDataSource[" + url + "]"; // never the password
  }
}
