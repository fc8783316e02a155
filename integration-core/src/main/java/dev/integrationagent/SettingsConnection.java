package dev.integrationagent;

import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.http.SettingProblems;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * A connection defined by a connector type and its settings ({@code connection("gh", "github",
 * settings)}): checked by the connector's {@link Connector#validate}, mapped by its default
 * mapping, and its secrets are the values of the settings' {@linkplain
 * ConnectionSettings#secretKeys() secret keys}.
 */
final class SettingsConnection implements ConnectionDefinition {
  private final Connector connector;
  private final ConnectionSettings settings;
  private final @Nullable Mapping mapping;

  SettingsConnection(Connector connector, ConnectionSettings settings, @Nullable Mapping mapping) {
    this.connector = connector;
    this.settings = settings;
    this.mapping = mapping;
  }

  @Override
  public String type() {
    return connector.type();
  }

  @Override
  public List<String> problems() {
    List<String> problems = new java.util.ArrayList<>();
    settings.missingKeys().forEach(key -> problems.add(key + ": " + SettingProblems.missing()));
    problems.addAll(connector.validate(settings));
    return problems;
  }

  @Override
  public Optional<Mapping> mapping() {
    return Optional.ofNullable(mapping != null ? mapping : connector.defaultMapping());
  }

  @Override
  public Set<String> secrets() {
    Set<String> secrets = new HashSet<>();
    settings.secretKeys().forEach(key -> settings.get(key).ifPresent(secrets::add));
    return secrets;
  }

  @Override
  public ConnectorSession open(ConnectorContext context) {
    return connector.open(settings, context);
  }

  @Override
  public String toString() {
    return connector.type() + " " + settings;
  }
}
