package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingFunctionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void expressionsCanCallTheLibrary() throws Exception {
    Mapping m = Mappings.builder("functions")
        .users(Map.of("u-1", "ada"))
        .rule("title", r -> r.expr("markdown-to-text(.title)"))
        .rule("createdAt", r -> r.expr("to-instant(.created)"))
        .rule("dueDate", r -> r.expr("to-date(.due)"))
        .rule("assignees", r -> r.expr("[for (.people) user(.)]"))
        .build();

    WorkItem item = m.toCanonical(JSON.readTree("""
        {"title":"## **Login** fails on [Safari](https://apple.com) `now`",
         "created":"2026-01-05T10:00:00.000+0200","due":"2026-02-01T23:00:00Z","people":["u-1","u-2"]}"""));

    assertThat(item.title()).isEqualTo("Login fails on Safari now");
    assertThat(item.createdAt()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
    assertThat(item.dueDate()).isEqualTo(LocalDate.parse("2026-02-01"));
    assertThat(item.assignees()).containsExactly("ada", "u-2");
  }

  @Test
  void theFunctionsPassNullThrough() throws Exception {
    Mapping m = Mappings.builder("nulls")
        .rule("title", r -> r.from("/t"))
        .rule("dueDate", r -> r.expr("to-date(.missing)"))
        .build();

    assertThat(m.toCanonical(JSON.readTree("{\"t\":\"x\"}")).dueDate()).isNull();
  }
}
