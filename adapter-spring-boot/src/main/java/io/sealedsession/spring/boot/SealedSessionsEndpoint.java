package io.sealedsession.spring.boot;

import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code sealedsessions} Actuator endpoint: lists one principal's live sessions and ends one
 * of them. It shows handles (what {@code HttpSession.getId()} returns), times and nothing else:
 * never a token, never an attribute.
 *
 * <p>Off by default ({@code defaultAccess = NONE}): an application turns it on with
 * {@code management.endpoint.sealedsessions.access=unrestricted} and exposes it over HTTP with
 * {@code management.endpoints.web.exposure.include=sealedsessions}; the application's Spring
 * Security rules then guard {@code /actuator/sealedsessions/**} like any other path.
 */
@Endpoint(id = "sealedsessions", defaultAccess = Access.NONE)
public class SealedSessionsEndpoint {

    private final SessionManager manager;

    public SealedSessionsEndpoint(SessionManager manager) {
        this.manager = Objects.requireNonNull(manager, "manager");
    }

    /** {@code GET /actuator/sealedsessions/{principal}}: the principal's live sessions, earliest deadline first. */
    @ReadOperation
    public List<SessionView> sessions(@Selector String principal) {
        return manager.sessionsOf(principal).stream().map(SessionView::of).toList();
    }

    /** {@code DELETE /actuator/sealedsessions/{principal}/{handle}}: ends that session; false when there is none. */
    @DeleteOperation
    public boolean end(@Selector String principal, @Selector String handle) {
        return manager.invalidate(principal, handle);
    }

    /** One session as the endpoint shows it. */
    public record SessionView(String handle, Instant createdAt, Instant lastAccessedAt, Instant absoluteDeadline) {
        static SessionView of(SessionInfo info) {
            return new SessionView(info.handle(), info.createdAt(), info.lastAccessedAt(), info.absoluteDeadline());
        }
    }
}
