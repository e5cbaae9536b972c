package io.sealedsession.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.SessionStoreUnavailableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "CLUSTERDOWN The cluster is down",
            "CLUSTERDOWN Hash slot not served",
            "TRYAGAIN Multiple keys request during rehashing of slot",
            "MOVED 3999 127.0.0.1:7002",
            "ASK 3999 127.0.0.1:7002",
            "READONLY You can't write against a read only replica.",
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
            "NOREPLICAS Not enough good replicas to write.",
            "LOADING Redis is loading the dataset in memory",
            "BUSY Redis is busy running a script.",
            "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 ..."})
    void fromServerErrorWhenTopologyChangingThenPlainUnavailable(String error) {
        SessionStoreUnavailableException e = RedisErrors.fromServerError("Redis Cluster at redis-cluster://h:1", "EVALSHA",
                error, new RuntimeException(error));

        assertThat(RedisErrors.isTransient(error)).isTrue();
        assertThat(e.getClass()).isEqualTo(SessionStoreUnavailableException.class);
        assertThat(e).hasMessageContaining("EVALSHA").hasMessageContaining(error.substring(0, error.indexOf(' ')));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "NOPERM User app has no permissions to run the 'getex' command",
            "ERR unknown command 'GETEX', with args beginning with: 'ss:s:{abcdef}'",
            "WRONGTYPE Operation against a key holding the wrong kind of value"})
    void fromServerErrorWhenOperatorMustActThenRejected(String error) {
        SessionStoreUnavailableException e = RedisErrors.fromServerError("Redis", "GETEX", error, new RuntimeException(error));

        assertThat(RedisErrors.isTransient(error)).isFalse();
        assertThat(e).isInstanceOf(RedisCommandRejectedException.class).hasMessageNotContaining("ss:s:{abcdef}");
    }
}
