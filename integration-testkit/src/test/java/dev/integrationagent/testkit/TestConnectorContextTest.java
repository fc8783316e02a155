package dev.integrationagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class TestConnectorContextTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");

  @Test
  void offersOnlyTheServicesItWasGiven() throws Exception {
    OkHttpClient client = new OkHttpClient();
    TestConnectorContext context = TestConnectorContext.builder().connectionId("github").clock(clock)
        .httpClient(client).build();

    assertThat(context.connectionId()).isEqualTo("github");
    assertThat(context.clock()).isSameAs(clock);
    assertThat(context.service(OkHttpClient.class)).containsSame(client);
    assertThat(context.service(Sleeper.class)).isEmpty();
    assertThat(TestConnectorContext.of("x", Clock.systemUTC()).service(OkHttpClient.class)).isEmpty();
  }

  @Test
  void waitsOnAFakeClockAdvanceItAndAreRecorded() throws Exception {
    TestConnectorContext context = TestConnectorContext.builder().waitsOn(clock).build();

    context.service(Sleeper.class).orElseThrow().sleep(Duration.ofSeconds(3));

    assertThat(clock.instant()).isEqualTo("2026-01-05T10:00:03Z");
    assertThat(context.waits()).containsExactly(Duration.ofSeconds(3));
    assertThat(context.newBuilder().connectionId("other").build().waited()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void rejectsABlankIdAndAServiceOfTheWrongType() {
    assertThatThrownBy(() -> TestConnectorContext.builder().connectionId(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> sleeper = (Class) Sleeper.class;
    assertThatThrownBy(() -> TestConnectorContext.builder().service(sleeper, "not a sleeper"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a sleeper");
  }
}
