package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.Nullable;

/** On a first pass with linkMatching: the other side's items by their match value, read once. */
final class LookAlikes extends PassStep {
  LookAlikes(PlanContext context, Outbox outbox) {
    super(context, outbox);
  }

  private @Nullable Map<String, List<String>> byKey;

  /** The other side's single unlinked item whose match value equals this one, if any. */
  Optional<String> find(Side otherSide, Map<String, JsonNode> fields) {
    if (byKey == null) {
      byKey = index(participant(otherSide));
    }
    String key = key(fields.get(settings.matchField()));
    List<String> ids = key == null ? List.of() : byKey.getOrDefault(key, List.of());
    if (ids.size() != 1 || store.link(settings.planId(), otherSide, ids.get(0)).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(ids.get(0));
  }

  private Map<String, List<String>> index(SyncParticipant side) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Cursor cursor = Cursor.START;
    while (true) {
      ChangePage page = side.session().changes(cursor, settings.pageSize());
      for (ExternalItem item : page.items()) {
        if (item.deleted()) {
          continue;
        }
        try {
          String key = key(CanonicalJson.fields(side.mapping().toCanonical(item.data())).get(settings.matchField()));
          if (key != null) {
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(item.id());
          }
        } catch (IntegrationException e) {
          log.debug("plan {}: {} item {} cannot be matched: {}", settings.planId(), side.connectionId(), item.id(),
              e.getMessage());
        }
      }
      cursor = page.next();
      if (!page.hasMore() || page.items().isEmpty()) {
        return out;
      }
    }
  }

  private @Nullable String key(@Nullable JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    String text = (value.isTextual() ? value.textValue() : value.toString()).trim().toLowerCase(java.util.Locale.ROOT);
    return text.isEmpty() ? null : text;
  }
}
