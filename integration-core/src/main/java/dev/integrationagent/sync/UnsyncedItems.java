package dev.integrationagent.sync;

import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.api.event.ChangeEvent;
import javax.annotation.Nullable;

/**
 * Where a pass hands the items it listed but does not sync (not linked, and not created because
 * the plan creates nowhere there or the item is out of its scope): to the connection's watch,
 * which reports their changes, so that one listing serves the plan and the watch.
 */
@FunctionalInterface
public interface UnsyncedItems {
  UnsyncedItems NONE = (connectionId, item, cause) -> { };

  void listed(String connectionId, ExternalItem item, @Nullable ChangeEvent cause);
}
