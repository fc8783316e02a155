package dev.integrationagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.http.SettingProblems;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builders of core collect every misuse and report it at build(), naming the setting. */
class BuilderMisuseTest {
  private static final String UNSET = System.getenv("INTEGRATION_AGENT_SURELY_UNSET_VARIABLE");

  @Test
  void credentialsFromAnUnsetVariableAreProblemsOfTheStrategyNotAnException() {
    AuthStrategy bearer = Auth.bearer(UNSET);
    AuthStrategy basic = Auth.basic(" ", UNSET);
    AuthStrategy key = Auth.apiKeyHeader("X-Key", "   ");

    assertThat(bearer.problems()).containsExactly("token: " + SettingProblems.missing());
    assertThat(basic.problems()).containsExactly("username: blank", "password: " + SettingProblems.missing());
    assertThat(key.problems()).containsExactly("key: blank");
    assertThat(Auth.bearer("a-real-token").problems()).isEmpty();
    assertThatThrownBy(() -> bearer.apply(null)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("token: missing");
  }

  @Test
  void aMappingBuiltInJavaListsMisusesWithItsRuleProblems() {
    Map<String, String> users = new HashMap<>();
    users.put("u-1", null);
    MappingBuilder builder = Mappings.builder("m")
        .rule(null, r -> r.from("/x"))
        .rule("title", r -> r.from("/title"))
        .rule("labels", null)
        .rule("priority", r -> r.from("p"))
        .users(users)
        .transformer(null);

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(
            "rules: a field name is " + SettingProblems.missing(),
            "rules.labels: " + SettingProblems.missing(),
            "users: a user id or name is null",
            "transformers: a transformer is " + SettingProblems.missing(),
            "rules.priority.from: 'p' is not a JSON pointer (it must start with '/')"));
  }

  @Test
  void anOAuthBuilderListsEveryMisuseWithoutQuotingTheSecret() {
    var builder = Auth.oauth2ClientCredentials("not a url", "client", UNSET)
        .refreshMargin(Duration.ofSeconds(-1))
        .scope(null);

    assertThatThrownBy(builder::build).isInstanceOfSatisfying(ConfigurationException.class, e ->
        assertThat(e.problems()).containsExactly(
            "tokenUrl: must be an http(s) URL but was 'not a url'",
            "clientSecret: " + SettingProblems.missing(),
            "refreshMargin: must not be negative but was PT-1S",
            "scope: " + SettingProblems.missing()));
  }
}
