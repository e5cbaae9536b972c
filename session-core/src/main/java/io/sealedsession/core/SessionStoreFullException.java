package io.sealedsession.core;

/**
 * A store that holds as many sessions as it was allowed to refused a new one. Nothing was written;
 * existing sessions are untouched. It is a {@link SessionStoreUnavailableException}, because for
 * the request it has the same meaning and the same answer: the store cannot take this write now,
 * retry later (a servlet container answers 503 with {@code Retry-After}).
 */
public class SessionStoreFullException extends SessionStoreUnavailableException {

    private static final long serialVersionUID = 1L;

    /** @param message which store and its limit */
    public SessionStoreFullException(String message) {
        super(message);
    }
}
