package dev.integrationagent.api.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * Something a person should look at: a connection down, a run failing, items parked.
 *
 * @param at when it was raised
 * @param severity how urgent
 * @param source what raised it ({@code connection:github}, {@code plan:github-jira})
 * @param title one line
 * @param message what happened and what to do
 * @param attributes further facts; never a secret
 */
public record Alert(
    Instant at, Severity severity, String source, String title, String message,
    Map<String, String> attributes) {
  public Alert {
    requireNonNull(at, "at");
    requireNonNull(severity, "severity");
    requireNonNull(source, "source");
    requireNonNull(title, "title");
    requireNonNull(message, "message");
    attributes = Map.copyOf(attributes);
  }
}
