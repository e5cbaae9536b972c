package io.sealedsession.tests.redis.contract;

import io.sealedsession.tests.kit.ManualClock;
import io.sealedsession.tests.kit.SessionStoreContract;
import io.sealedsession.tests.kit.StoreUnderTest;
import io.sealedsession.tests.redis.RedisMatrix;
import org.junit.jupiter.params.Parameter;

/**
 * The whole contract kit on one case of the matrix: a client on a set-up on a server program. The
 * subclasses are {@code @ParameterizedClass}es, one per server program, so that parallel test
 * JVMs can take one each.
 */
abstract class MatrixStoreContract extends SessionStoreContract {

    @Parameter
    RedisMatrix.Case target;

    @Override
    protected StoreUnderTest open(ManualClock clock) {
        return target.open();
    }
}
