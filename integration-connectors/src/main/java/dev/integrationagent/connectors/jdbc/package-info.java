/**
 * The host's own data as a connection: {@link dev.integrationagent.connectors.jdbc.JdbcTableConnector}
 * syncs one table of the host's database (H2, PostgreSQL) as if it were a tool, and
 * {@link dev.integrationagent.connectors.jdbc.HostConnector} turns the host's own
 * {@link dev.integrationagent.api.connector.HostItems} callbacks into one. JDBC only: the host
 * hands over its {@link javax.sql.DataSource}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.jdbc;

import javax.annotation.ParametersAreNonnullByDefault;
