/**
 * The GitHub Issues connector: {@link dev.integrationagent.connectors.github.GitHubConnector}
 * lists a repository's issues incrementally, writes issues and comments, keeps sync markers in
 * a hidden comment of the body, checks health on {@code /rate_limit} and verifies webhooks.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.github;

import javax.annotation.ParametersAreNonnullByDefault;
