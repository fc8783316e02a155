package dev.integrationagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Resolves the secret references of a document's values: a whole value {@code ${env:NAME}},
 * {@code ${file:/run/secrets/x}} or {@code ${scheme:name}} for the host's {@link SecretResolver}.
 * A reference that resolves to nothing is a problem, never an empty secret.
 */
public final class SecretReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z][a-z0-9-]*):([^}]+)}");

  private final SecretResolver host;
  private final Function<String, String> environment;

  /** References resolved with the host's resolver first, then the process environment and files. */
  public SecretReferences(SecretResolver host, Map<String, String> environment) {
    this.host = host;
    this.environment = environment::get;
  }

  /** Whether {@code value} is a reference. */
  public static boolean isReference(String value) {
    return REFERENCE.matcher(value).matches();
  }

  /**
   * The value of {@code reference}; a problem (appended to {@code problems} with {@code where})
   * and null when it cannot be resolved.
   */
  public @Nullable String resolve(String reference, String where, List<String> problems) {
    Matcher m = REFERENCE.matcher(reference);
    if (!m.matches()) {
      problems.add(where + ": '" + reference + "' is not a secret reference (${env:NAME}, ${file:/path} or"
          + " ${scheme:name})");
      return null;
    }
    String scheme = m.group(1);
    String name = m.group(2);
    Optional<String> fromHost = host.resolve(scheme, name);
    if (fromHost.isPresent()) {
      return fromHost.get();
    }
    switch (scheme) {
      case "env" -> {
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
          problems.add(where + ": ${env:" + name + "} is not set");
          return null;
        }
        return value;
      }
      case "file" -> {
        try {
          String value = Files.readString(Path.of(name), StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
          if (value.isEmpty()) {
            problems.add(where + ": ${file:" + name + "} is empty");
            return null;
          }
          return value;
        } catch (IOException | RuntimeException e) {
          problems.add(where + ": ${file:" + name + "} cannot be read (" + e.getClass().getSimpleName() + ")");
          return null;
        }
      }
      default -> {
        problems.add(where + ": no secret resolver knows the scheme '" + scheme + "' of ${" + scheme + ":" + name
            + "}; pass one to IntegrationAgent.fromConfig(path, resolver)");
        return null;
      }
    }
  }
}
