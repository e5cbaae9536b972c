package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.redis.RedisMatrix;
import io.sealedsession.tests.redis.ServerImplementation;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole contract kit on every Redis client × every set-up on {@code redis-server}: plain, TLS,
 * mutual TLS, least-privilege ACL, no scripting, Cluster, Cluster with TLS and ACL, Sentinel,
 * Sentinel with TLS and ACL.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("cases")
class RedisStoreContractTest extends MatrixStoreContract {

    static List<RedisMatrix.Case> cases() {
        return RedisMatrix.cases(EnumSet.of(ServerImplementation.REDIS));
    }
}
