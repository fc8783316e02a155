package dev.integrationagent.store;

import dev.integrationagent.StateStores;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.testkit.StateStoreContract;

class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return StateStores.inMemory();
  }
}
