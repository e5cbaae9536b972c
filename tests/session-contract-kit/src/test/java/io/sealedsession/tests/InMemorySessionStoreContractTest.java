package io.sealedsession.tests;

import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreInspector;
import io.sealedsession.tests.kit.StoreUnderTest;
import java.util.Map;
import java.util.TreeMap;

/** The reference store runs the whole kit. */
class InMemorySessionStoreContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        InMemorySessionStore store = new InMemorySessionStore(clock);
        return StoreUnderTest.of(store, () -> {
            Map<String, StoreInspector.Item> items = new TreeMap<>();
            store.contents().forEach((name, item) -> items.put(name, new StoreInspector.Item(item.bytes(), item.ttl())));
            return items;
        });
    }
}
