/**
 * The Redmine 5 connector: issues of one project over the REST API (JSON), polled by
 * {@code updated_on} (Redmine core has no webhooks), sync markers in an issue custom field,
 * comments as journal notes. Start at {@link dev.integrationagent.connectors.redmine.RedmineConnector#builder()}.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.connectors.redmine;

import javax.annotation.ParametersAreNonnullByDefault;
