package dev.integrationagent.connectors.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the issue a create marked with the {@code integration-agent-marker} entity property.
 *
 * <p>First by JQL {@code issue.property[integration-agent-marker].marker = "..."}. Jira Cloud
 * answers such a clause only for properties an app has indexed (an {@code jiraEntityProperties}
 * module in a Connect or Forge descriptor); without one a site either rejects the JQL with a 400
 * or accepts it and matches nothing (an empty 200). So whenever the JQL finds nothing, the lookup
 * also scans the project's issues created within the lookback window with the property requested
 * alongside ({@code properties} of the search), newest first: markers are looked up to recover a
 * create whose answer was lost, so the issue is recent. After a 400, or after a scan found what
 * the JQL missed, the session scans only; once the JQL has found a marker, the property is
 * indexed and its empty answers are trusted. A label or a text search would have worked too, but
 * both are visible to people and the label would be synced to the other side by the mapping.
 */
final class JiraMarkers {
  private static final Logger log = LoggerFactory.getLogger(JiraMarkers.class);
  private static final int SCAN_PAGE = 100;
  private static final int MAX_SCAN_PAGES = 50;

  private final JiraSession session;
  private final Duration lookback;
  private volatile boolean propertySearchable = true;
  private volatile boolean propertyIndexed;

  JiraMarkers(JiraSession session, Duration lookback) {
    this.session = session;
    this.lookback = lookback;
  }

  Optional<ExternalItem> find(String marker) {
    if (propertySearchable) {
      String jql = "project = " + JiraSession.quote(session.project()) + " AND issue.property["
          + JiraSession.MARKER_PROPERTY + "].marker = " + JiraSession.quote(marker) + " ORDER BY created ASC";
      try {
        JsonNode page = session.search(jql, 1, null, List.of());
        for (JsonNode issue : page.path("issues")) {
          propertyIndexed = true; // the clause matched: from now on its empty answers mean "none"
          return Optional.of(JiraJson.item(issue, session.connectionId()));
        }
        if (propertyIndexed) {
          return Optional.empty();
        }
      } catch (IntegrationException e) {
        if (e.category() != ErrorCategory.VALIDATION) {
          throw e;
        }
        log.info("{}: Jira cannot search the marker property (not indexed by an app); "
            + "scanning issues created in the last {} instead", session.connectionId(), lookback);
        propertySearchable = false;
        return scan(marker);
      }
    }
    // An empty answer proves nothing: a site may accept the clause for an unindexed property and
    // match nothing, and taking that for "not created" would create the issue a second time.
    Optional<ExternalItem> scanned = scan(marker);
    if (scanned.isPresent() && propertySearchable) {
      log.info("{}: Jira's marker property search missed an issue that carries the marker (not indexed "
          + "by an app); scanning issues created in the last {} from now on", session.connectionId(), lookback);
      propertySearchable = false;
    }
    return scanned;
  }

  private Optional<ExternalItem> scan(String marker) {
    String jql = "project = " + JiraSession.quote(session.project()) + " AND created >= -" + lookback.toMinutes()
        + "m ORDER BY created DESC";
    String token = null;
    for (int pages = 0; pages < MAX_SCAN_PAGES; pages++) {
      JsonNode page = session.search(jql, SCAN_PAGE, token, List.of(JiraSession.MARKER_PROPERTY));
      for (JsonNode issue : page.path("issues")) {
        if (marker.equals(issue.path("properties").path(JiraSession.MARKER_PROPERTY).path("marker").asText(null))) {
          return Optional.of(JiraJson.item(issue, session.connectionId()));
        }
      }
      token = page.path("isLast").asBoolean(false) ? null : page.path("nextPageToken").asText(null);
      if (token == null) {
        return Optional.empty();
      }
    }
    throw new IntegrationException(ErrorCategory.PERMANENT, session.connectionId(),
        "the marker lookup scanned " + MAX_SCAN_PAGES * SCAN_PAGE + " recent Jira issues without reaching the end; "
            + "index the integration-agent-marker property with an app or shorten markerLookback", null);
  }
}
