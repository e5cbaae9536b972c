package io.sealedsession.tests.redis;

/** A1 on Lettuce. */
class LettuceTlsTest extends AbstractTlsTest {

    @Override
    protected String client() {
        return "lettuce";
    }
}
