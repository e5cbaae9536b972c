package io.sealedsession.tests;

import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.tests.kit.ForwardingSessionStore;

/** A real store that can be made unreachable, as a store behaves when its server is down. */
final class SwitchableStore extends ForwardingSessionStore {

    private volatile boolean reachable = true;

    SwitchableStore(SessionStore delegate) {
        super(delegate);
    }

    void reachable(boolean value) {
        reachable = value;
    }

    @Override
    protected void beforeCall(boolean writesRecord) {
        if (!reachable) {
            throw new SessionStoreUnavailableException("test store switched off");
        }
    }
}
