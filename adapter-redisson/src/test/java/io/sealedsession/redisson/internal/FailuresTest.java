package io.sealedsession.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.redisson.RedissonShutdownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisWrongPasswordException;

/** Exceptions built the way Redisson 4.7's reply decoder and executor build them. */
class FailuresTest {

    private static final String CHANNEL = ". channel: [id: 0x1f2e3d4c, L:/127.0.0.1:50000 - R:127.0.0.1/127.0.0.1:6379]"
            + " command: (GETEX), params: [UnpooledHeapByteBuf(ridx: 0, widx: 40, cap: 40/40), PX, 2000]";

    @Test
    void serverErrorWhenPlainErrorReplyThenServerText() {
        RedisException noperm = new RedisException("NOPERM this user has no permissions to run the 'getex' command" + CHANNEL);

        assertThat(Failures.serverError(noperm)).isEqualTo("NOPERM this user has no permissions to run the 'getex' command");
    }

    @Test
    void serverErrorWhenTypedErrorReplyThenServerText() {
        assertThat(Failures.serverError(new RedisLoadingException("LOADING Redis is loading the dataset in memory" + CHANNEL)))
                .isEqualTo("LOADING Redis is loading the dataset in memory");
        // Redisson drops the code of an OOM reply.
        assertThat(Failures.serverError(new RedisOutOfMemoryException("command not allowed when used memory > 'maxmemory'" + CHANNEL)))
                .isEqualTo("OOM command not allowed when used memory > 'maxmemory'");
    }

    @Test
    void serverErrorWhenNotAReplyThenNull() {
        assertThat(Failures.serverError(new RedisConnectionException("Unable to connect" + CHANNEL))).isNull();
        assertThat(Failures.serverError(new RedisResponseTimeoutException("Redis server response timeout" + CHANNEL))).isNull();
        assertThat(Failures.serverError(new RedissonShutdownException("Redisson is shutdown"))).isNull();
        assertThat(Failures.serverError(new RedisException("Unexpected exception while processing command", new IOException())))
                .isNull();
        assertThat(Failures.serverError(new IllegalStateException("ERR x" + CHANNEL))).isNull();
    }

    @Test
    void setupRefusalWhenLoginOrPermissionRefusedThenCodeOnly() {
        RedisConnectionException wrongPassword = new RedisConnectionException("Unable to connect to Redis server",
                new RedisWrongPasswordException("WRONGPASS invalid username-password pair" + CHANNEL));
        RedisConnectionException noPermission = new RedisConnectionException("Unable to connect to Redis server",
                new RedisException("NOPERM this user has no permissions to run the 'select' command" + CHANNEL));

        assertThat(Failures.setupRefusal(wrongPassword)).isEqualTo("WRONGPASS");
        assertThat(Failures.setupRefusal(noPermission)).isEqualTo("NOPERM");
        assertThat(Failures.setupRefusal(new RedisConnectionException("Unable to connect", new IOException("refused")))).isNull();
    }
}
