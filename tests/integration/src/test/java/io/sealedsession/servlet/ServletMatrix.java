package io.sealedsession.servlet;

import io.sealedsession.tests.redis.RedisMatrix;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The servlet end-to-end matrix: every container ({@link ServletContainer#all()}) × every Redis client ({@link RedisMatrix#clients()}). */
final class ServletMatrix {

    private ServletMatrix() {}

    /** One pair of arguments per container and client: the container, then the client's name. */
    static Stream<Arguments> containersAndClients() {
        return ServletContainer.all().stream()
                .flatMap(container -> RedisMatrix.clients().stream().map(client -> Arguments.of(container, client)));
    }
}
