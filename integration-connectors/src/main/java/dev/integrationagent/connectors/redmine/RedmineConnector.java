package dev.integrationagent.connectors.redmine;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.Auth;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.http.Arguments;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.SettingProblems;
import dev.integrationagent.http.Sleeper;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Redmine 5 over its REST API (JSON): the issues of one project, polled by {@code updated_on}
 * (Redmine has no webhooks in core), written with names resolved to ids, sync markers in an issue
 * custom field, comments as journal notes.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("redmine", RedmineConnector.builder()
 *         .baseUrl("https://redmine.example.com")
 *         .project("app")
 *         .auth(Auth.apiKeyHeader("X-Redmine-API-Key", System.getenv("REDMINE_API_KEY")))
 *         .markerFieldId(7))                 // an issue custom field "Sync marker", used as a filter
 * }</pre>
 *
 * <p>As a {@link Connector} (for {@code discoverConnectors()}) it reads the settings
 * {@code baseUrl}, {@code project}, {@code apiKey} (secret), {@code markerFieldId} and optional
 * {@code tracker}.
 */
public final class RedmineConnector implements Connector {
  /** The tool type. */
  public static final String TYPE = "redmine";
  /** The header Redmine reads the API key from. */
  public static final String API_KEY_HEADER = "X-Redmine-API-Key";
  /** What every Redmine session can do. No optimistic locking: Redmine's JSON carries no lock version. */
  public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.READ_CHANGES,
      Capability.CREATE, Capability.UPDATE, Capability.DELETE, Capability.COMMENTS,
      Capability.STATUS_TRANSITIONS, Capability.SYNC_MARKERS, Capability.CUSTOM_FIELDS));
  /**
   * Redmine sends no rate-limit headers, so the pipeline cannot adapt: a modest static limit and
   * few parallel calls keep a self-hosted server responsive. A proxy's 429/503 with
   * {@code Retry-After} is still honoured.
   */
  public static final HttpSettings DEFAULT_SETTINGS = HttpSettings.custom()
      .rateLimit(10, Duration.ofSeconds(1))
      .maxConcurrentCalls(4)
      .build();

  private static final String MAPPING = "dev/integrationagent/mappings/redmine.yaml";

  /** Used by {@link RedmineConnectorProvider}; hosts use {@link #builder()}. */
  RedmineConnector() {}

  /** A connection definition to fill in and hand to the agent builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The shipped mapping, compiled once on first use: mappings are immutable and shared. */
  private static final class DefaultMapping {
    static final Mapping MAPPING = Mappings.fromResource(RedmineConnector.MAPPING);
  }

  /** The shipped mapping between Redmine's issue object and the canonical item. */
  public static Mapping shippedMapping() {
    return DefaultMapping.MAPPING;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return Optional.ofNullable(RedmineConnector.class.getPackage().getImplementationVersion()).orElse("dev");
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public List<String> validate(ConnectionSettings settings) {
    return fromSettings(settings).problems();
  }

  @Override
  public Mapping defaultMapping() {
    return shippedMapping();
  }

  @Override
  public ConnectorSession open(ConnectionSettings settings, ConnectorContext context) {
    return fromSettings(requireNonNull(settings, "settings")).open(context);
  }

  private static Builder fromSettings(ConnectionSettings settings) {
    Builder b = builder();
    settings.get("baseUrl").ifPresent(b::baseUrl);
    settings.get("project").ifPresent(b::project);
    settings.get("apiKey").filter(k -> !k.isBlank()).ifPresent(b::apiKey);
    settings.get("tracker").ifPresent(b::tracker);
    settings.get("markerFieldId").ifPresent(v -> {
      try {
        b.markerFieldId(Long.parseLong(v.trim()));
      } catch (IllegalArgumentException e) {
        b.badMarkerField = v;
      }
    });
    return b;
  }

  /** What a session is opened with; checked by {@link Builder#problems()}. */
  record Config(String baseUrl, String project, AuthStrategy auth, long markerFieldId, @Nullable String tracker,
      HttpSettings settings, Duration listingOverlap, Duration slowHealth, @Nullable Sleeper sleeper) {}

  /**
   * A Redmine connection: base URL, project identifier, API key and the sync-marker field are
   * required; the rest has defaults. Problems are reported together by {@link #problems()}.
   */
  public static final class Builder implements ConnectionDefinition {
    private @Nullable String baseUrl;
    private @Nullable String project;
    private @Nullable AuthStrategy auth;
    private long markerFieldId = -1;
    private @Nullable String badMarkerField;
    private @Nullable String tracker;
    private @Nullable Mapping mapping;
    private HttpSettings settings = DEFAULT_SETTINGS;
    private Duration listingOverlap = Duration.ZERO;
    private Duration slowHealth = Duration.ofSeconds(5);
    private @Nullable Sleeper sleeper;
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The Redmine root, such as {@code https://redmine.example.com} or {@code https://host/redmine}. */
    public Builder baseUrl(String value) {
      String url = misuse.present("baseUrl", value, null);
      if (url != null) {
        url = url.trim();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
      return this;
    }

    /** The project's identifier (as in {@code /projects/<identifier>}) or numeric id. */
    public Builder project(String identifier) {
      String value = misuse.present("project", identifier, null);
      if (value != null) {
        this.project = value.trim();
      }
      return this;
    }

    /** How requests authenticate; normally {@code Auth.apiKeyHeader("X-Redmine-API-Key", key)}. */
    public Builder auth(AuthStrategy strategy) {
      this.auth = misuse.present("auth", strategy, auth);
      return this;
    }

    /** Shorthand for {@code auth(Auth.apiKeyHeader("X-Redmine-API-Key", key))}. */
    public Builder apiKey(String key) {
      return auth(Auth.apiKeyHeader(API_KEY_HEADER, key));
    }

    /**
     * The id of the issue custom field (format text, used as a filter, enabled for the project's
     * trackers) that holds the sync marker of created issues.
     */
    public Builder markerFieldId(long id) {
      if (id < 1) {
        misuse.record("markerFieldId", "must be a positive custom field id but was " + id);
      } else {
        misuse.clear("markerFieldId");
        this.markerFieldId = id;
        this.badMarkerField = null;
      }
      return this;
    }

    /** The tracker of created issues when the item names none; Redmine's project default otherwise. */
    public Builder tracker(String name) {
      String value = misuse.present("tracker", name, null);
      if (value != null) {
        this.tracker = value.trim();
      }
      return this;
    }

    /** Replaces the shipped mapping. */
    public Builder mapping(Mapping value) {
      this.mapping = misuse.present("mapping", value, mapping);
      return this;
    }

    /** HTTP limits; start from {@link RedmineConnector#DEFAULT_SETTINGS} with {@code HttpSettings.from}. */
    public Builder settings(HttpSettings value) {
      this.settings = misuse.present("settings", value, settings);
      return this;
    }

    /**
     * How far before the last listed second the next listing starts again (default none). Raise it
     * when several Redmine processes commit slowly, so an issue stamped a moment before its commit
     * is still found; the cursor remembers what it saw in the window, so nothing repeats.
     */
    public Builder listingOverlap(Duration value) {
      this.listingOverlap = misuse.check("listingOverlap",
          () -> Arguments.atMost("listingOverlap", value, Duration.ofHours(1)), listingOverlap);
      return this;
    }

    /** A health check slower than this reports DEGRADED (default 5 s). */
    public Builder slowHealth(Duration value) {
      this.slowHealth = misuse.check("slowHealth", () -> Arguments.positive("slowHealth", value), slowHealth);
      return this;
    }

    /** For tests: how the pipeline waits (backoff, Retry-After). */
    Builder sleeper(Sleeper value) {
      this.sleeper = misuse.present("sleeper", value, sleeper);
      return this;
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (baseUrl == null || baseUrl.isEmpty()) {
        problems.add("baseUrl: missing; give Redmine's root URL, e.g. https://redmine.example.com");
      } else if (!isHttpUrl(baseUrl)) {
        problems.add("baseUrl: not an http(s) URL: '" + baseUrl + "'");
      }
      if (project == null || project.isEmpty()) {
        problems.add("project: missing; give the project identifier, e.g. 'app'");
      } else if (!project.matches("[a-z0-9][a-z0-9_-]{0,99}")) {
        problems.add("project: not a Redmine project identifier or id: '" + project + "'");
      }
      if (auth == null) {
        problems.add("auth: missing; use apiKey(key) or auth(Auth.apiKeyHeader(\"" + API_KEY_HEADER + "\", key))");
      } else {
        auth.problems().forEach(p -> problems.add("auth: " + p));
      }
      if (badMarkerField != null) {
        problems.add("markerFieldId: not a custom field id: '" + badMarkerField + "'");
      } else if (markerFieldId < 1) {
        problems.add("markerFieldId: missing; give the id of the issue custom field that holds sync markers");
      }
      return List.copyOf(misuse.merge(problems));
    }

    private static boolean isHttpUrl(String url) {
      try {
        URI uri = new URI(url);
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
      } catch (URISyntaxException e) {
        return false;
      }
    }

    @Override
    public Optional<Mapping> mapping() {
      return Optional.of(mapping != null ? mapping : shippedMapping());
    }

    @Override
    public Set<String> secrets() {
      return auth == null ? Set.of() : auth.secrets();
    }

    @Override
    public ConnectorSession open(ConnectorContext context) {
      requireNonNull(context, "context");
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new ConfigurationException("Redmine connection '" + context.connectionId() + "' is invalid", problems);
      }
      return new RedmineSession(context, new Config(requireNonNull(baseUrl), requireNonNull(project),
          requireNonNull(auth), markerFieldId, tracker, settings, listingOverlap, slowHealth, sleeper));
    }
  }
}
