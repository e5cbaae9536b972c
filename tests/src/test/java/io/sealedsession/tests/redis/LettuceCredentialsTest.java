package io.sealedsession.tests.redis;

import java.util.List;

/** A2 on Lettuce, whose DEBUG logging shows connection URIs (with the password masked). */
class LettuceCredentialsTest extends AbstractCredentialsTest {

    @Override
    protected String client() {
        return "lettuce";
    }

    @Override
    protected String executorName() {
        return "LettuceCommandExecutor";
    }

    @Override
    protected List<String> clientLoggerNames() {
        return List.of("io.lettuce");
    }

    @Override
    protected String loginRefusedMessage() {
        // Lettuce reports a refused AUTH as a connection failure, with the server's error as its cause.
        return "cannot be reached (connect)";
    }
}
