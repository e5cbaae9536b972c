package io.sealedsession.tests.redis.jedis;

import io.sealedsession.tests.redis.AbstractCredentialsTest;
import java.util.List;

/**
 * A2 on Jedis. Jedis itself logs nothing at DEBUG on this adapter's path (its pool factory and
 * Sentinel code, which do, are not used), so the adapter's own DEBUG line proves the capture.
 */
class JedisCredentialsTest extends AbstractCredentialsTest {

    @Override
    protected String client() {
        return "jedis";
    }

    @Override
    protected String executorName() {
        return "JedisCommandExecutor";
    }

    @Override
    protected List<String> clientLoggerNames() {
        return List.of("redis.clients", "io.sealedsession.jedis");
    }

    @Override
    protected String loginRefusedMessage() {
        return "Redis refused the connection set-up: WRONGPASS";
    }
}
