package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.http.HttpCallListener;
import dev.integrationagent.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;

/**
 * A {@link ConnectorContext} for opening a connector without an agent: a connection id, a clock,
 * a JSON mapper and whatever services the test hands over. A connector built on core's HTTP
 * pipeline picks up an {@link OkHttpClient}, {@link HttpCallListener} or {@link Sleeper} given
 * here, and falls back to its shared client otherwise, as it would with an agent that offers none.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
 * TestConnectorContext context = TestConnectorContext.builder()
 *     .connectionId("github").clock(clock)
 *     .waitsOn(clock)                 // backoffs and rate-limit waits advance the clock instead of sleeping
 *     .build();
 * ConnectorSession session = GitHubConnector.builder().baseUrl(fake.url())...open(context);
 * assertThat(context.waits()).isEmpty();
 * }</pre>
 *
 * <p>Immutable and thread-safe, apart from the list of recorded waits, which is safe to read
 * while sessions run.
 */
public final class TestConnectorContext implements ConnectorContext {
  private static final ObjectMapper SHARED_JSON = new ObjectMapper();

  private final String connectionId;
  private final Clock clock;
  private final ObjectMapper json;
  private final Map<Class<?>, Object> services;
  private final List<Duration> waits;

  private TestConnectorContext(Builder builder) {
    this.connectionId = builder.connectionId;
    this.clock = builder.clock;
    this.json = builder.json;
    this.waits = builder.waits;
    this.services = Map.copyOf(builder.services);
  }

  /** A context named {@code "test"} on the system clock with no services; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A context named {@code connectionId} on {@code clock}, with no services. */
  public static TestConnectorContext of(String connectionId, Clock clock) {
    return builder().connectionId(connectionId).clock(clock).build();
  }

  /** A builder holding this context's settings, to derive a variant. */
  public Builder newBuilder() {
    Builder b = new Builder().connectionId(connectionId).clock(clock).json(json);
    b.services.putAll(services);
    b.waits = waits;
    return b;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ObjectMapper json() {
    return json;
  }

  @Override
  public <T> Optional<T> service(Class<T> type) {
    requireNonNull(type, "type");
    return Optional.ofNullable(services.get(type)).map(type::cast);
  }

  /** Every wait a session asked of the {@link Builder#waitsOn} sleeper, oldest first. */
  public List<Duration> waits() {
    return List.copyOf(waits);
  }

  /** The waits added up. */
  public Duration waited() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Override
  public String toString() {
    return "TestConnectorContext[" + connectionId + ", " + clock + ", services " + services.keySet() + "]";
  }

  /** Builds a {@link TestConnectorContext}. */
  public static final class Builder {
    private String connectionId = "test";
    private Clock clock = Clock.systemUTC();
    private ObjectMapper json = SHARED_JSON;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    private List<Duration> waits = new CopyOnWriteArrayList<>();

    private Builder() {}

    /** The connection's id, as connectors name it in errors. Default {@code "test"}. */
    public Builder connectionId(String connectionId) {
      requireNonNull(connectionId, "connectionId");
      if (connectionId.isBlank()) {
        throw new IllegalArgumentException("connectionId is blank: '" + connectionId + "'");
      }
      this.connectionId = connectionId;
      return this;
    }

    /** The clock connectors read time from; a {@link FakeClock} in most tests. Default: system UTC. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The JSON mapper offered to connectors. Default: one plain mapper shared by all test contexts. */
    public Builder json(ObjectMapper json) {
      this.json = requireNonNull(json, "json");
      return this;
    }

    /**
     * Offers {@code service} to connectors that ask for {@code type}; a later call for the same
     * type replaces the earlier one.
     */
    public <T> Builder service(Class<T> type, T service) {
      requireNonNull(type, "type");
      requireNonNull(service, "service");
      if (!type.isInstance(service)) {
        throw new IllegalArgumentException(service + " is not a " + type.getName());
      }
      services.put(type, service);
      return this;
    }

    /** How the HTTP pipeline waits (backoffs, {@code Retry-After}, rate limits). */
    public Builder sleeper(Sleeper sleeper) {
      return service(Sleeper.class, sleeper);
    }

    /**
     * Waits advance {@code clock} instead of parking the thread, and are recorded in
     * {@link TestConnectorContext#waits()}. Also makes {@code clock} the context's clock.
     */
    public Builder waitsOn(FakeClock clock) {
      requireNonNull(clock, "clock");
      List<Duration> recorded = new CopyOnWriteArrayList<>();
      this.waits = recorded;
      this.clock = clock;
      return sleeper(d -> {
        recorded.add(d);
        clock.advance(d);
      });
    }

    /** The OkHttp client connections derive their pipelines from (an agent offers its shared one). */
    public Builder httpClient(OkHttpClient client) {
      return service(OkHttpClient.class, client);
    }

    /** Told about every HTTP call a connection makes. */
    public Builder httpCalls(HttpCallListener listener) {
      return service(HttpCallListener.class, listener);
    }

    public TestConnectorContext build() {
      return new TestConnectorContext(this);
    }
  }
}
