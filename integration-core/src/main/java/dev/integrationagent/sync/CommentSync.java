package dev.integrationagent.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.integrationagent.api.connector.ExternalComment;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.event.EventTypes;
import dev.integrationagent.api.store.Link;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.mapping.CanonicalJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies comments of a linked pair: new ones with their author named, edits of originals
 * after them. Comment pairs are links of the plan {@code <plan>#comments}; a copy is
 * recognised by its link (or, after a crash before the link was saved, by its exact text), so
 * it is never copied back nor twice.
 */
final class CommentSync {
  private final PlanContext context;
  private final Outbox outbox;

  CommentSync(PlanContext context, Outbox outbox) {
    this.context = context;
    this.outbox = outbox;
  }

  void sync(Pass pass, Link link) {
    copy(pass, link, Side.A);
    if (context.settings().twoWay()) {
      copy(pass, link, Side.B);
    }
  }

  private String plan() {
    return plan(context.settings().planId());
  }

  /** The plan id under which a plan's comment pairs are stored as links. */
  static String plan(String planId) {
    return planId + "#comments";
  }

  /** Forgets the comment pairs of an item that is no longer linked (pairs stored without their item stay). */
  static void forget(PlanContext context, String itemAId) {
    String plan = plan(context.settings().planId());
    for (Link pair : context.store().links(plan)) {
      if (itemAId.equals(pair.base().path("item").asText(null))) {
        context.store().deleteLink(plan, pair.aId());
      }
    }
  }

  private void copy(Pass pass, Link link, Side from) {
    SyncParticipant source = context.participant(from);
    SyncParticipant target = context.participant(from.other());
    List<ExternalComment> theirs = null;
    for (var comment : source.session().comments(link.id(from), null)) {
      Optional<Link> pair = context.store().link(plan(), from, comment.id());
      String text = attributed(source, comment);
      if (pair.isPresent()) {
        Link p = pair.get();
        boolean original = p.base().path("origin").asText().equals(from.name());
        if (original && !WrittenState.hash(TextNode.valueOf(comment.body()))
            .equals(p.seen(from, "body"))) {
          target.session().updateComment(link.id(from.other()), p.id(from.other()), text);
          outbox.commit(pass, () -> save(link, p.aId(), p.bId(), from, comment.body(), text),
              List.of(copied(pass, target, link.id(from.other()), source, comment.id(), p.id(from.other()))
                  .attribute("edited", "true").build()));
        }
        continue;
      }
      if (theirs == null) {
        theirs = target.session().comments(link.id(from.other()), null);
      }
      var existing = theirs.stream().filter(c -> c.body().strip().equals(text.strip())).findFirst();
      var copy = existing.isPresent() ? existing.get() : target.session().addComment(link.id(from.other()), text);
      String aId = from == Side.A ? comment.id() : copy.id();
      String bId = from == Side.A ? copy.id() : comment.id();
      outbox.commit(pass, () -> save(link, aId, bId, from, comment.body(), text), existing.isPresent() ? List.of()
          : List.of(copied(pass, target, link.id(from.other()), source, comment.id(), copy.id()).build()));
    }
  }

  private ChangeEvent.Builder copied(Pass pass, SyncParticipant target, String targetItem, SyncParticipant source,
      String commentId, String copyId) {
    return outbox.event(pass, EventTypes.COMMENT_COPIED, ChangeEvent.Origin.AGENT, target.connectionId(), targetItem)
        .causedBy(pass.cause()).attribute("source", source.connectionId() + ":" + commentId).attribute("copy", copyId);
  }

  private void save(Link item, String aId, String bId, Side origin, String body, String copy) {
    ObjectNode base = CanonicalJson.fieldsObject(Map.of());
    base.put("origin", origin.name());
    base.put("item", item.aId());
    ObjectNode originSeen = CanonicalJson.fieldsObject(Map.of());
    originSeen.put("body", WrittenState.hash(TextNode.valueOf(body)));
    ObjectNode copySeen = CanonicalJson.fieldsObject(Map.of());
    copySeen.put("body", WrittenState.hash(TextNode.valueOf(copy)));
    context.store().saveLink(new Link(plan(), aId, bId, base, origin == Side.A ? originSeen : copySeen,
        origin == Side.A ? copySeen : originSeen, context.clock().instant()));
  }

  private String attributed(SyncParticipant source, ExternalComment comment) {
    return "**" + (comment.author() == null ? "Someone" : comment.author()) + "** wrote on "
        + source.connectionId() + ":\n\n" + comment.body();
  }
}
