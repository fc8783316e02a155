package dev.integrationagent.store;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.ForwardingStateStore;
import dev.integrationagent.testkit.StateStoreContract;

/** The forwarding store passes every call on: it keeps the contract of the store it wraps. */
class ForwardingStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return new ForwardingStateStore(StateStores.inMemory());
  }
}
