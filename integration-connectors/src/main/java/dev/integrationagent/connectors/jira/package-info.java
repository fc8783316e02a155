/**
 * The Jira Cloud connector (REST API v3): issues of one project listed incrementally through
 * {@code POST /rest/api/3/search/jql}, written through the issue, transition, comment and entity
 * property resources, with webhooks verified by {@code X-Hub-Signature}. Entry point:
 * {@link dev.integrationagent.connectors.jira.JiraConnector#builder()}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.jira;

import javax.annotation.ParametersAreNonnullByDefault;
