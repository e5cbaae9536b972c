package io.sealedsession.servlet;

import org.junit.jupiter.api.DisplayName;

@DisplayName("SealedSessionFilter in Jetty 12 (ee10)")
class JettySealedSessionFilterTest extends SealedSessionFilterContract {

    @Override
    protected ServletContainer container() {
        return new JettyContainer();
    }
}
