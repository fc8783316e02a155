package dev.integrationagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.connector.ChangePage;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.connector.WebhookEvent;
import dev.integrationagent.api.connector.WebhookHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.annotation.Nullable;

/**
 * Sessions with one defect each, of the kind real connectors have, built on a working in-memory
 * session: the contract must catch every one.
 */
final class BrokenSessions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BrokenSessions() {}

  /** Declares optimistic locking but never passes the expected version on. */
  static ConnectorSession ignoringExpectedVersion(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        return super.update(id, patch, null);
      }
    };
  }

  /** Answers a create with the description as the tool renders it, not as a read returns it. */
  static ConnectorSession answeringCreatesDifferently(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ExternalItem create(JsonNode fields, @Nullable String marker) {
        ExternalItem item = super.create(fields, marker);
        ObjectNode data = item.data().deepCopy();
        data.put("description", data.path("description").asText("").replace("**", ""));
        return new ExternalItem(item.id(), item.key(), item.version(), item.updatedAt(), data, item.deleted());
      }
    };
  }

  /** Answers an update with the state before it. */
  static ConnectorSession answeringUpdatesWithTheOldState(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        ExternalItem before = super.get(id).orElseThrow();
        ExternalItem after = super.update(id, patch, expectedVersion);
        return new ExternalItem(after.id(), after.key(), after.version(), after.updatedAt(), before.data(), false);
      }
    };
  }

  /** Checks the expected version after writing: the stale write is refused, and applied. */
  static ConnectorSession refusingStaleWritesAfterApplyingThem(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        String current = super.get(id).map(ExternalItem::version).orElse(null);
        ExternalItem after = super.update(id, patch, null);
        if (expectedVersion != null && !expectedVersion.equals(current)) {
          throw new IntegrationException(ErrorCategory.CONFLICT, "broken", "item " + id + " is at " + current, null);
        }
        return after;
      }
    };
  }

  /**
   * Resumes after the last item's updated time, exclusive: an item sharing that time with the
   * last of a page, but on the next page, is never listed.
   */
  static ConnectorSession skippingTiesAtAPageEdge(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        Instant after = cursor.isStart() ? Instant.MIN : Instant.parse(cursor.value());
        List<ExternalItem> all = new ArrayList<>();
        Cursor at = Cursor.START;
        ChangePage page;
        do {
          page = super.changes(at, 100);
          all.addAll(page.items());
          at = page.next();
        } while (page.hasMore());
        List<ExternalItem> newer = all.stream().filter(i -> i.updatedAt().isAfter(after))
            .sorted(Comparator.comparing(ExternalItem::updatedAt)).toList();
        List<ExternalItem> items = newer.subList(0, Math.min(pageSize, newer.size()));
        Cursor next = items.isEmpty() ? cursor : Cursor.of(items.get(items.size() - 1).updatedAt().toString());
        return new ChangePage(items, next, newer.size() > items.size());
      }
    };
  }

  /** The cursor at the end of a listing points one change back: the last item comes again. */
  static ConnectorSession repeatingTheLastItemOnResume(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        ChangePage page = super.changes(cursor, pageSize);
        if (page.hasMore() || page.items().isEmpty()) {
          return page;
        }
        return new ChangePage(page.items(), Cursor.of(Long.toString(Long.parseLong(page.next().value()) - 1)), false);
      }
    };
  }

  /** The cursor between pages points one change ahead: the first item of the next page is lost. */
  static ConnectorSession skippingAnItemOnResume(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public ChangePage changes(Cursor cursor, int pageSize) {
        ChangePage page = super.changes(cursor, pageSize);
        if (!page.hasMore()) {
          return page;
        }
        return new ChangePage(page.items(), Cursor.of(Long.toString(Long.parseLong(page.next().value()) + 1)), true);
      }
    };
  }

  /** "Deletes" by closing, as a tool without deletion would: the item stays, live, in reads and listings. */
  static ConnectorSession closingInsteadOfDeleting(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public void delete(String id) {
        super.transition(id, "Done");
      }
    };
  }

  /**
   * Verifies the signature over the body re-serialized from its parsed JSON, not over the bytes
   * received: a body changed in any way that parses alike is taken as signed.
   */
  static ConnectorSession verifyingWebhooksOverParsedJson(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public Optional<WebhookHandler> webhooks() {
        return super.webhooks().map(real -> (headers, body) -> {
          byte[] normalized;
          try {
            normalized = JSON.readTree(body).toString().getBytes(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IntegrationException(ErrorCategory.VALIDATION, "broken", "not JSON", e);
          }
          return real.handle(headers, normalized);
        });
      }
    };
  }

  /** Verifies a signature when there is one, and takes a delivery without one as it is. */
  static ConnectorSession acceptingUnsignedWebhooks(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public Optional<WebhookHandler> webhooks() {
        return super.webhooks().map(real -> (headers, body) -> {
          if (headers.keySet().stream().anyMatch(InMemoryWebhooks.SIGNATURE::equalsIgnoreCase)) {
            return real.handle(headers, body);
          }
          Map<String, List<String>> signed = new HashMap<>(headers);
          signed.put(InMemoryWebhooks.SIGNATURE,
              List.of(InMemoryWebhooks.sign(InMemoryConnectorContractTest.WEBHOOK_SECRET, body)));
          return real.handle(signed, body); // stands for "no signature, nothing to check"
        });
      }
    };
  }

  /** Makes up a new delivery id each time, so the engine cannot tell a replay. */
  static ConnectorSession inventingDeliveryIds(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      @Override
      public Optional<WebhookHandler> webhooks() {
        return super.webhooks().map(real -> (headers, body) -> real.handle(headers, body)
            .map(e -> new WebhookEvent(UUID.randomUUID().toString(), e.kind(), e.items(), e.comments())));
      }
    };
  }

  /**
   * Writes an update back as the whole item it read just before, merged with the patch, as a
   * tool without partial updates forces: a concurrent update of another field is overwritten.
   */
  static ConnectorSession writingBackWholeItems(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      private final Object lock = new Object();
      private int arrived;

      @Override
      public ExternalItem update(String id, JsonNode patch, @Nullable String expectedVersion) {
        Optional<ExternalItem> read = super.get(id);
        if (read.isEmpty()) {
          return super.update(id, patch, expectedVersion);
        }
        ObjectNode whole = read.get().data().deepCopy();
        whole.setAll((ObjectNode) patch);
        synchronized (lock) {
          // a slow round trip between the read and the write, long enough for another update to read too
          arrived++;
          lock.notifyAll();
          int seen = arrived;
          long until = System.nanoTime() + 200_000_000L;
          while (arrived == seen && System.nanoTime() < until) {
            try {
              lock.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        }
        return super.update(id, whole, expectedVersion);
      }
    };
  }

  /**
   * Keeps the answer to a create in a field shared by all callers, so that concurrent creates
   * may each get the other's answer: two items are created, the caller learns of one.
   */
  static ConnectorSession sharingOneAnswerBetweenConcurrentCreates(ConnectorSession s) {
    return new ForwardingConnectorSession(s) {
      private final Object lock = new Object();
      private @Nullable ExternalItem lastAnswer;
      private int arrived;

      @Override
      public ExternalItem create(JsonNode fields, @Nullable String marker) {
        ExternalItem mine = super.create(fields, marker);
        synchronized (lock) {
          lastAnswer = mine;
          arrived++;
          lock.notifyAll();
          // hold the answer briefly for a concurrent create to overwrite, as a slow response parser would
          int seen = arrived;
          long until = System.nanoTime() + 200_000_000L;
          while (arrived == seen && System.nanoTime() < until) {
            try {
              lock.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          return lastAnswer;
        }
      }
    };
  }
}
