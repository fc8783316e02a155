/**
 * The connector SPI: a {@link dev.integrationagent.api.connector.Connector} is a tool type, a
 * {@link dev.integrationagent.api.connector.ConnectorSession} one open connection to one account of it.
 * Plugin authors implement these; the engine calls them.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.api.connector;

import javax.annotation.ParametersAreNonnullByDefault;
