package dev.integrationagent.config;

import java.util.Optional;

/**
 * Resolves a secret reference of the configuration document, {@code ${scheme:name}}: the host's
 * vault, a cloud secret manager. The agent resolves {@code env} (an environment variable) and
 * {@code file} (a file's content, trimmed of its trailing line break, e.g. a mounted secret) itself;
 * a resolver handles every other scheme and may also take over those two.
 *
 * <pre>{@code
 * SecretResolver vault = (scheme, name) -> scheme.equals("vault") ? Optional.ofNullable(vaultClient.read(name))
 *     : Optional.empty();
 * IntegrationAgent agent = IntegrationAgent.fromConfig(Path.of("agent.yaml"), vault);
 * }</pre>
 */
@FunctionalInterface
public interface SecretResolver {
  /**
   * The secret, or empty when this resolver does not know it; then the reference is a problem of the
   * document, named by its path.
   */
  Optional<String> resolve(String scheme, String name);

  /** Resolves nothing itself: only {@code env} and {@code file}. */
  static SecretResolver none() {
    return (scheme, name) -> Optional.empty();
  }
}
