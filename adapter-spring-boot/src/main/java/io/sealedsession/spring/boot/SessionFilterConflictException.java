package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionException;

/**
 * Another filter that replaces {@code HttpSession} (Spring Session's
 * {@code springSessionRepositoryFilter}) is registered beside the sealed-session filter. Each would
 * hide the other's sessions, and which one wins would depend on filter order; the application
 * does not start.
 */
public class SessionFilterConflictException extends SessionException {

    private static final long serialVersionUID = 1L;

    private final String beanName;

    public SessionFilterConflictException(String beanName) {
        super("both Spring Session's filter (bean '" + beanName + "') and the sealed-session filter replace HttpSession;"
                + " only one may be present");
        this.beanName = beanName;
    }

    /** The name of the conflicting bean. */
    public String beanName() {
        return beanName;
    }
}
