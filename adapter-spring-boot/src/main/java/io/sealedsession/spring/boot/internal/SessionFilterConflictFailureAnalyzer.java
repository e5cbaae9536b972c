package io.sealedsession.spring.boot.internal;

import io.sealedsession.spring.boot.SessionFilterConflictException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up that failed because Spring Session's filter is present as well. */
public final class SessionFilterConflictFailureAnalyzer extends AbstractFailureAnalyzer<SessionFilterConflictException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SessionFilterConflictException cause) {
        return new FailureAnalysis(
                "Two filters want to replace HttpSession: Spring Session's (bean '" + cause.beanName()
                        + "') and Sealed Sessions'. Each would hide the other's sessions.",
                "Keep one. To keep Sealed Sessions, remove spring-session-* from the dependencies and any"
                        + " @EnableRedisHttpSession / @EnableSpringHttpSession. To keep Spring Session, remove"
                        + " io.sealedsession:adapter-spring-boot, or exclude SealedSessionsAutoConfiguration.",
                cause);
    }
}
