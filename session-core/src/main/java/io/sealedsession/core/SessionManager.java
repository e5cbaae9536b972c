package io.sealedsession.core;

import io.sealedsession.core.port.AttributeCodec;
import io.sealedsession.core.port.SessionEventListener;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.core.port.SessionStore;
import io.sealedsession.core.port.TokenGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The API applications and framework adapters drive: create, find, save, rotate, authenticate and
 * end sessions.
 *
 * <p>Guarantees, for any {@link SessionStore} that passes the contract kit:
 * <ul>
 *   <li>A token that is malformed, unknown, expired or whose record does not open is never adopted:
 *       {@link #find} returns empty and an audit event says why. A new session always gets a new
 *       token.</li>
 *   <li>A session deleted by one request is never written back by another ({@link #save} returns
 *       {@link SaveResult#GONE}).</li>
 *   <li>Requests that change different attributes of one session at the same time keep both
 *       changes.</li>
 *   <li>After {@link #rotate} or {@link #authenticate} the old token opens nothing.</li>
 *   <li>The store never sees a token, an attribute or a principal's name in clear.</li>
 * </ul>
 *
 * <p>Every method may throw {@link SessionStoreUnavailableException}. Implementations are
 * thread-safe.
 */
public interface SessionManager {

    /**
     * A new session with a fresh token. It is written to the store by the first {@link #save}, so
     * a session that is created and then abandoned costs the store nothing.
     */
    Session create();

    /**
     * The session a client's token names, touched so that its idle timeout starts again.
     *
     * @param token the raw value the client sent, or null when it sent none
     * @return empty when there is no usable session for that value
     */
    Optional<Session> find(@Nullable String token);

    /**
     * Writes what this request changed. A new session is created; a stored one is replaced with
     * compare-and-set, re-applying this request's changes on top of concurrent ones.
     *
     * @throws SessionConflictException when other writers won every attempt
     * @throws SessionTooLargeException when the record exceeds the policy's size limit
     */
    SaveResult save(Session session);

    /**
     * Gives the session a new token and writes it now; the old token opens nothing afterwards.
     * Call it whenever the session's privileges change.
     */
    void rotate(Session session);

    /**
     * Binds a principal to the session, rotating its token and applying the per-principal cap.
     *
     * @throws SessionLimitExceededException when the cap is reached and the policy rejects
     * @throws IllegalArgumentException when the principal is empty, longer than 1024 characters,
     *     or holds an unpaired surrogate (UTF-8 cannot store it)
     */
    void authenticate(Session session, String principal);

    /**
     * {@link #find}, holding the session's opt-in lock: for applications that read-modify-write
     * through plain attributes and want requests of one session to run one at a time. The lock is
     * a lease of {@code lease} kept beside the record; it is taken before the session is read,
     * and every write this request makes to the session carries its fencing token, so a request
     * whose lease ran out (and whose lock another request may hold by now) writes nothing and gets
     * {@link SessionLockLostException}. Release it with {@link #unlock} on every exit path.
     *
     * <p>Costs two round trips more than {@code find} (take and release); a request that waits
     * polls every few milliseconds, backing off to 50 ms.
     *
     * @return empty, with no lock held, when there is no usable session for that value
     * @throws SessionBusyException when another request held the lock for all of {@code maxWait}
     * @throws UnsupportedOperationException when the store has no locks (Redis without scripting)
     */
    Optional<Session> findLocked(@Nullable String token, Duration lease, Duration maxWait);

    /** Releases the lock {@link #findLocked} took, if this session holds it. Idempotent; never throws for a lost lease. */
    void unlock(Session session);

    /** Deletes the session. Saving it afterwards writes nothing. */
    void invalidate(Session session);

    /** The principal's live sessions, earliest deadline first. */
    List<SessionInfo> sessionsOf(String principal);

    /**
     * Ends one of the principal's sessions by its handle.
     *
     * @return false when the principal has no such session
     */
    boolean invalidate(String principal, String handle);

    /** Ends every session of the principal; returns how many were ended. */
    int invalidateAllOf(String principal);

    /** Ends every session of the session's principal but this one; returns how many were ended. */
    int invalidateOthers(Session session);

    /** The policy this manager applies. */
    SessionPolicy policy();

    /**
     * Starts building a manager over a store and a sealer. Both are required; there is no way to
     * store sessions unsealed.
     */
    static Builder builder(SessionStore store, SessionSealer sealer) {
        return new Builder(store, sealer);
    }

    /** Builds a {@link SessionManager}. Every option has a default. */
    final class Builder {
        final SessionStore store;
        final SessionSealer sealer;
        String namespace = "ss";
        SessionPolicy policy = SessionPolicy.ofDefaults();
        Clock clock = Clock.systemUTC();
        TokenGenerator tokens = TokenGenerator.secureRandom();
        SessionEventListener listener = new LoggingSessionEventListener();
        AttributeCodec codec = AttributeCodec.builtIn();
        int maxSaveAttempts = 32;

        private Builder(SessionStore store, SessionSealer sealer) {
            this.store = Objects.requireNonNull(store, "store");
            this.sealer = Objects.requireNonNull(sealer, "sealer");
        }

        /**
         * The namespace records are bound to (default {@code "ss"}). A record sealed in one
         * namespace does not open in another. Use the same value as the store's key prefix.
         */
        public Builder namespace(String value) {
            this.namespace = Namespace.requireValid(value);
            return this;
        }

        /** The policy the manager applies (default {@link SessionPolicy#ofDefaults()}). */
        public Builder policy(SessionPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /** The clock for timestamps and deadlines (default: the system clock in UTC). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Where new tokens come from (default {@link TokenGenerator#secureRandom()}); tests pass a seeded one. */
        public Builder tokenGenerator(TokenGenerator value) {
            this.tokens = Objects.requireNonNull(value, "tokenGenerator");
            return this;
        }

        /** Where audit events go (default: {@link LoggingSessionEventListener}). */
        public Builder eventListener(SessionEventListener value) {
            this.listener = Objects.requireNonNull(value, "eventListener");
            return this;
        }

        /** How attribute values are encoded (default {@link AttributeCodec#builtIn()}, no Java serialization). */
        public Builder attributeCodec(AttributeCodec value) {
            this.codec = Objects.requireNonNull(value, "attributeCodec");
            return this;
        }

        /**
         * How many compare-and-set attempts a save makes before giving up (default 32, at least 1).
         * Each attempt after the first follows a write by another request to the same session, so
         * N requests writing one session at the same moment need at most N attempts; the default
         * covers bursts far above what one user's browser sends.
         */
        public Builder maxSaveAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxSaveAttempts must be at least 1, but was " + value);
            }
            this.maxSaveAttempts = value;
            return this;
        }

        /** A thread-safe manager with these settings; the builder may be used again. */
        public SessionManager build() {
            return new DefaultSessionManager(this);
        }
    }
}
