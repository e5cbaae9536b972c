package io.sealedsession.micrometer;

import io.sealedsession.core.memory.InMemorySessionStore;
import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreInspector;
import io.sealedsession.tests.kit.StoreUnderTest;
import java.util.Map;
import java.util.TreeMap;

/** The whole contract kit through the observing decorator, over the in-memory store. */
class ObservedInMemorySessionStoreContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        InMemorySessionStore store = new InMemorySessionStore(clock);
        Telemetry telemetry = new Telemetry();
        return StoreUnderTest.of(ObservedSessionStore.of(store, telemetry.observations), () -> {
            Map<String, StoreInspector.Item> items = new TreeMap<>();
            store.contents().forEach((name, item) -> items.put(name, new StoreInspector.Item(item.bytes(), item.ttl())));
            return items;
        });
    }
}
