package io.sealedsession.tests.redis.redisson;

import ch.qos.logback.classic.Level;
import io.sealedsession.tests.redis.AbstractCredentialsTest;
import java.util.List;

/**
 * A2 on Redisson, with Redisson logging everything it can: TRACE, which includes every command it
 * encodes, AUTH among them.
 */
class RedissonCredentialsTest extends AbstractCredentialsTest {

    @Override
    protected String client() {
        return "redisson";
    }

    @Override
    protected String executorName() {
        return "RedissonCommandExecutor";
    }

    @Override
    protected List<String> clientLoggerNames() {
        return List.of("org.redisson");
    }

    @Override
    protected Level clientLogLevel() {
        return Level.TRACE;
    }

    @Override
    protected List<String> connectLogMessages() {
        // Redisson's start, and the AUTH it encoded.
        return List.of("connections initialized", "AUTH(password masked)");
    }

    @Override
    protected String loginRefusedMessage() {
        return "refused to set up the connection (WRONGPASS)";
    }
}
