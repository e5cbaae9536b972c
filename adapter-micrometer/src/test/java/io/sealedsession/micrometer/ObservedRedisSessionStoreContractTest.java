package io.sealedsession.micrometer;

import io.sealedsession.core.port.SessionStore;
import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreInspector;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisSetup;
import io.sealedsession.tests.redis.RedisStoreUnderTest;
import java.time.Duration;

/** The whole contract kit through the observing decorator, over a real redis-server through Lettuce. */
class ObservedRedisSessionStoreContractTest extends SessionStoreContract {

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        RedisStoreUnderTest redis = RedisStoreUnderTest.open(RedisSetup.PLAIN, "lettuce");
        SessionStore observed = ObservedSessionStore.of(redis.store(), new Telemetry().observations);
        return new StoreUnderTest() {
            @Override
            public SessionStore store() {
                return observed;
            }

            @Override
            public StoreInspector inspector() {
                return redis.inspector();
            }

            @Override
            public void elapse(Duration duration) {
                redis.elapse(duration);
            }

            @Override
            public boolean comparesVersions() {
                return redis.comparesVersions();
            }

            @Override
            public void close() {
                redis.close();
            }
        };
    }
}
