package io.sealedsession.tests.redis;

import java.util.List;

/** A2 on Lettuce, whose DEBUG logging shows connection URIs (with the password masked). */
class LettuceCredentialsTest extends AbstractCredentialsTest {

    @Override
    protected String client() {
        return "lettuce";
    }

    @Override
    protected List<String> clientLoggerNames() {
        return List.of("io.lettuce");
    }
}
