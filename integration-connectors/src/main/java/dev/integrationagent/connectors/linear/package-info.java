/**
 * The Linear connector (GraphQL API at {@code /graphql}): issues of one team listed incrementally
 * by {@code updatedAt}, written through {@code issueCreate}/{@code issueUpdate}, moved through the
 * team's workflow states, commented on, marked by a client-chosen issue id so that a create can be
 * found again, with webhooks verified by {@code Linear-Signature}. Entry point:
 * {@link dev.integrationagent.connectors.linear.LinearConnector#builder()}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.linear;

import javax.annotation.ParametersAreNonnullByDefault;
