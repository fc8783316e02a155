package dev.integrationagent.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.integrationagent.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChannelSpacerTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  /** Waits without moving the clock: callers that arrive together, as concurrent posts would. */
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final ChannelSpacer spacer = new ChannelSpacer(clock, waits::add, Duration.ofSeconds(1), "slack");

  @Test
  void postsArrivingTogetherForOneChannelGetConsecutiveSlots() {
    spacer.awaitTurn("C0000000001");
    spacer.awaitTurn("C0000000001");
    spacer.awaitTurn("C0000000001");

    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void anotherChannelIsNotHeldUp() {
    spacer.awaitTurn("C0000000001");
    spacer.awaitTurn("C0000000001");
    spacer.awaitTurn("C0000000002");

    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aChannelQuietForLongerThanTheIntervalPostsAtOnce() {
    spacer.awaitTurn("C0000000001");
    clock.advance(Duration.ofMillis(1500));
    spacer.awaitTurn("C0000000001");

    assertThat(waits).isEmpty();
  }
}
