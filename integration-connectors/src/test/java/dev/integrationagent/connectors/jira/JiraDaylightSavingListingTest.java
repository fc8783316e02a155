package dev.integrationagent.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listing's {@code updated >=} bound is a wall time in the Jira user's zone; these step a
 * fake clock through Europe/Berlin's clock changes of 2026 with a change and a listing every few
 * minutes.
 */
class JiraDaylightSavingListingTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private final JiraFixture fixture = new JiraFixture();
  private final ConnectorSession session = fixture.open();
  private Cursor cursor = Cursor.START;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private List<String> drain() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ChangePage page = session.changes(cursor, 50);
      page.items().stream().map(ExternalItem::id).forEach(ids::add);
      cursor = page.next();
      if (!page.hasMore()) {
        return ids;
      }
    }
    throw new AssertionError("listing never ended");
  }

  /** From {@code from}, a new issue every {@code step} and a listing after it, until {@code to}. */
  private void eachChangeIsListedOnceByTheNextListing(Instant from, Instant to, Duration step) {
    fixture.jira.userTimeZone(BERLIN);
    fixture.clock.advance(Duration.between(fixture.clock.instant(), from));
    List<String> created = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    while (fixture.clock.instant().isBefore(to)) {
      String id = fixture.jira.createIssue("at " + fixture.clock.instant().atZone(BERLIN));
      created.add(id);
      fixture.clock.advance(Duration.ofSeconds(20));
      List<String> page = drain();
      assertThat(page).as("the listing after the change at %s", fixture.clock.instant().atZone(BERLIN))
          .containsExactly(id);
      listed.addAll(page);
      fixture.clock.advance(step.minusSeconds(20));
    }
    assertThat(listed).containsExactlyElementsOf(created);
  }

  @Test
  void changesInBothRunsOfTheRepeatedFallBackHourAreEachListedOnce() {
    // 2026-10-25: 03:00 CEST (01:00Z) becomes 02:00 CET, so 02:00-03:00 happens twice
    eachChangeIsListedOnceByTheNextListing(Instant.parse("2026-10-24T23:40:00Z"),
        Instant.parse("2026-10-25T02:20:00Z"), Duration.ofMinutes(5));
  }

  @Test
  void changesAcrossTheSpringForwardGapAreEachListedOnce() {
    // 2026-03-29: 02:00 CET (01:00Z) becomes 03:00 CEST, so 02:00-03:00 never happens
    eachChangeIsListedOnceByTheNextListing(Instant.parse("2026-03-29T00:30:00Z"),
        Instant.parse("2026-03-29T01:40:00Z"), Duration.ofMinutes(3));
  }

  @Test
  void aBoundInTheFirstRunOfTheRepeatedHourIsWrittenAsTheMinuteBeforeIt() {
    assertThat(JiraSession.wallTime(Instant.parse("2026-10-25T00:30:00Z"), BERLIN))
        .as("02:30 CEST: Jira would read 02:30 as CET, an hour later").isEqualTo(LocalDateTime.parse("2026-10-25T01:59"));
    assertThat(JiraSession.wallTime(Instant.parse("2026-10-25T01:30:00Z"), BERLIN))
        .as("02:30 CET").isEqualTo(LocalDateTime.parse("2026-10-25T02:30"));
    assertThat(JiraSession.wallTime(Instant.parse("2026-03-29T01:00:00Z"), BERLIN))
        .as("the first minute after the gap").isEqualTo(LocalDateTime.parse("2026-03-29T03:00"));
  }
}
