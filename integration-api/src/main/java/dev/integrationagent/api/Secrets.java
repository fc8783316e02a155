package dev.integrationagent.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secret values from text before it is printed, stored or thrown. The agent applies it to
 * everything it writes (reports, health, audit events, alerts, log lines, exceptions, parked
 * reasons, conflicts) with the {@linkplain dev.integrationagent.api.connector.ConnectionDefinition#secrets()
 * secrets} of every connection; a connector can apply it to its own messages the same way.
 *
 * <pre>{@code
 * throw new IntegrationException(ErrorCategory.AUTHENTICATION, context.connectionId(),
 *     Secrets.redact("the tool said: " + body, Set.of(apiKey)), null);
 * }</pre>
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>Each occurrence of a secret is replaced by {@value #MASK}, and so is the secret in the
 *       forms it takes inside URLs (percent-encoded, with {@code +} or {@code %20} for spaces) and
 *       inside JSON strings (with {@code "}, {@code \} and control characters escaped).
 *   <li>Longer secrets are replaced first, so a secret that contains another is hidden whole.
 *   <li>Values shorter than {@value #MIN_LENGTH} characters are ignored: replacing them would
 *       mangle ordinary words and numbers, and a credential that short protects nothing.
 *       Blank values are ignored too.
 * </ul>
 */
public final class Secrets {
  /** What a hidden value is replaced with. */
  public static final String MASK = "[REDACTED]";

  /** Secrets shorter than this are not looked for. */
  public static final int MIN_LENGTH = 4;

  private Secrets() {}

  /**
   * The text with every secret in {@code secrets} (and its URL- and JSON-encoded forms) replaced
   * by {@link #MASK}.
   */
  public static String redact(String text, Set<String> secrets) {
    requireNonNull(text, "text");
    requireNonNull(secrets, "secrets");
    String out = text;
    for (String form : forms(secrets)) {
      if (out.contains(form)) {
        out = out.replace(form, MASK);
      }
    }
    return out;
  }

  /** Whether the text holds any of the secrets in any of the forms {@link #redact} hides. */
  public static boolean contains(String text, Set<String> secrets) {
    requireNonNull(text, "text");
    for (String form : forms(requireNonNull(secrets, "secrets"))) {
      if (text.contains(form)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every form the secrets are looked for in, longest first; what {@link #redact} replaces. Useful
   * to precompute when the same secrets redact a lot of text.
   */
  public static List<String> forms(Set<String> secrets) {
    Set<String> forms = new LinkedHashSet<>();
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_LENGTH || secret.isBlank()) {
        continue;
      }
      forms.add(secret);
      String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
      forms.add(encoded);
      forms.add(encoded.replace("+", "%20"));
      forms.add(new String(json.quoteAsString(secret)));
      // a JSON escape of '/' is optional; some writers emit it
      forms.add(new String(json.quoteAsString(secret)).replace("/", "\\/"));
      // as a workflow template writes it into Markdown, and into Slack's mrkdwn
      forms.add(markdown(secret));
      forms.add(new String(json.quoteAsString(markdown(secret))));
      forms.add(secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
    List<String> sorted = new ArrayList<>(forms);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(sorted);
  }

  /** The text as Markdown escaping writes it: the punctuation Markdown acts on backslash-escaped, HTML's specials as entities. */
  private static String markdown(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~' ->
            out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
