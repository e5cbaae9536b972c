package io.sealedsession.servlet;

import org.junit.jupiter.api.DisplayName;

@DisplayName("SealedSessionFilter in Tomcat 11")
class TomcatSealedSessionFilterTest extends SealedSessionFilterContract {

    @Override
    protected ServletContainer container() {
        return new TomcatContainer();
    }
}
