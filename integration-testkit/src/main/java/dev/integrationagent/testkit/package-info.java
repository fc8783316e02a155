/**
 * The published test kit: an in-memory tracker ({@link dev.integrationagent.testkit.InMemoryConnector}), a
 * settable clock ({@link dev.integrationagent.testkit.FakeClock}), a connector context for opening
 * connectors without an agent ({@link dev.integrationagent.testkit.TestConnectorContext}), recording sinks
 * and loggers, and one abstract contract test per SPI ({@link dev.integrationagent.testkit.ConnectorContract},
 * {@link dev.integrationagent.testkit.StateStoreContract}, {@link dev.integrationagent.testkit.AuditSinkContract})
 * that every implementation extends, a plugin author's included.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.testkit;

import javax.annotation.ParametersAreNonnullByDefault;
