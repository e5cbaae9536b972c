package io.sealedsession.core;

import io.sealedsession.core.internal.BinaryWriter;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One session as seen by one request. Obtain it from {@link SessionManager#create()} or
 * {@link SessionManager#find(String)}, change it, then hand it to {@link SessionManager#save}.
 *
 * <p>A session remembers which attributes this request set or removed. When another request saved
 * the same session meanwhile, {@code save} reloads it and applies only these changes on top, so
 * parallel requests that change different attributes both keep their change.
 *
 * <p>Attribute values are encoded when they are set: a value the codec cannot encode fails right
 * there, and a value read back is the decoded copy (lists and maps are immutable). Changing an
 * object after setting it does not change the session; set it again.
 *
 * <p>Thread-safe, though meant to be used by the threads of one request.
 */
public final class Session {

    private enum State { NEW, STORED, ENDED }

    private static final class Attribute {
        final byte[] encoded;
        @Nullable Object decoded;
        boolean isDecoded;

        Attribute(byte[] encoded) {
            this.encoded = encoded;
        }
    }

    private final AttributeCodec codec;
    private final SessionPolicy policy;
    private final Instant createdAt;
    private final Instant absoluteDeadline;
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();
    private final Set<String> changedNames = new LinkedHashSet<>();

    private SessionToken token;
    private Instant lastAccessedAt;
    private Instant tokenIssuedAt;
    private Duration idleTimeout;
    private @Nullable String principal;
    private long version;
    private State state;
    private int encodedSize;
    private boolean idleTimeoutChanged;
    private boolean touchDue;
    private boolean renewalDue;

    /** A new session, not stored yet. */
    Session(SessionToken token, Instant now, SessionPolicy policy, AttributeCodec codec) {
        this.codec = codec;
        this.policy = policy;
        this.token = token;
        this.createdAt = now;
        this.lastAccessedAt = now;
        this.tokenIssuedAt = now;
        this.idleTimeout = policy.idleTimeout();
        this.absoluteDeadline = now.plus(policy.absoluteLifetime());
        this.state = State.NEW;
    }

    /** A session read from the store. */
    Session(SessionToken token, long version, SessionRecord record, SessionPolicy policy, AttributeCodec codec) {
        this.codec = codec;
        this.policy = policy;
        this.token = token;
        this.version = version;
        this.createdAt = record.createdAt();
        this.lastAccessedAt = record.lastAccessedAt();
        this.tokenIssuedAt = record.tokenIssuedAt();
        this.idleTimeout = record.idleTimeout();
        this.absoluteDeadline = record.absoluteDeadline();
        this.principal = record.principal();
        this.state = State.STORED;
        record.attributes().forEach((name, bytes) -> {
            attributes.put(name, new Attribute(bytes));
            encodedSize += bytes.length + name.length();
        });
    }

    /** The token the client must present from now on. Changes when the session rotates. */
    public synchronized SessionToken token() {
        return token;
    }

    /** The key the store knows this session by. */
    public synchronized SessionKey key() {
        return token.key();
    }

    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When the session was last used, as far as the record knows: rewritten at most once per
     * {@link SessionPolicy#lazyTouchInterval()}.
     */
    public synchronized Instant lastAccessedAt() {
        return lastAccessedAt;
    }

    /** When the session ends whatever happens; fixed at creation. */
    public Instant absoluteDeadline() {
        return absoluteDeadline;
    }

    public synchronized Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Changes this session's idle timeout. The session still ends at its absolute deadline.
     *
     * @throws IllegalArgumentException when {@code timeout} is shorter than one second or longer
     *     than the policy's absolute lifetime
     */
    public synchronized void setIdleTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(policy.absoluteLifetime()) > 0) {
            throw new IllegalArgumentException("idle timeout must be between 1s and the absolute lifetime ("
                    + policy.absoluteLifetime() + "), but was " + timeout);
        }
        requireLive();
        if (!timeout.equals(idleTimeout)) {
            idleTimeout = timeout;
            idleTimeoutChanged = true;
        }
    }

    /** The authenticated principal, if {@link SessionManager#authenticate} bound one. */
    public synchronized Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** True until the session is first saved. */
    public synchronized boolean isNew() {
        return state == State.NEW;
    }

    /** True once the session was invalidated, or found deleted when saving. */
    public synchronized boolean isEnded() {
        return state == State.ENDED;
    }

    /** The value of an attribute, or null when it is not set. */
    public synchronized @Nullable Object getAttribute(String name) {
        Attribute attribute = attributes.get(name);
        if (attribute == null) {
            return null;
        }
        if (!attribute.isDecoded) {
            attribute.decoded = codec.decode(name, attribute.encoded);
            attribute.isDecoded = true;
        }
        return attribute.decoded;
    }

    /**
     * The value of an attribute if it is set and of the given type.
     *
     * @throws ClassCastException when it is set to a value of another type
     */
    public <T> Optional<T> attribute(String name, Class<T> type) {
        return Optional.ofNullable(type.cast(getAttribute(name)));
    }

    /** The names of the attributes, in the order they were first set. A snapshot. */
    public synchronized Set<String> attributeNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(attributes.keySet()));
    }

    /**
     * Sets an attribute. The value is encoded now; a null value removes the attribute, as
     * {@code HttpSession} does.
     *
     * @throws AttributeNotEncodableException when the codec cannot encode the value
     * @throws SessionTooLargeException when the session would hold more attributes or bytes than
     *     the policy allows; the session is left as it was
     * @throws IllegalArgumentException for an empty name, one longer than 1024 characters, or one
     *     with an unpaired surrogate (UTF-8 cannot store it)
     */
    public synchronized void setAttribute(String name, @Nullable Object value) {
        checkName(name);
        requireLive();
        if (value == null) {
            removeAttribute(name);
            return;
        }
        byte[] encoded = codec.encode(name, value);
        Attribute previous = attributes.get(name);
        if (previous == null && attributes.size() >= policy.maxAttributes()) {
            throw new SessionTooLargeException("cannot set attribute '" + name + "': the session already holds "
                    + attributes.size() + " attributes, the most the policy allows (maxAttributes)");
        }
        int newSize = encodedSize - (previous == null ? 0 : previous.encoded.length + name.length())
                + encoded.length + name.length();
        if (newSize > policy.maxRecordBytes()) {
            throw new SessionTooLargeException("cannot set attribute '" + name + "': the session's attributes would take "
                    + newSize + " bytes, more than the policy allows (maxRecordBytes = " + policy.maxRecordBytes() + ")");
        }
        attributes.put(name, new Attribute(encoded));
        encodedSize = newSize;
        changedNames.add(name);
    }

    /** Removes an attribute; removing one that is not set changes nothing. */
    public synchronized void removeAttribute(String name) {
        requireLive();
        Attribute removed = attributes.remove(name);
        if (removed != null) {
            encodedSize -= removed.encoded.length + name.length();
            changedNames.add(name);
        }
    }

    /** True when saving would write something. */
    public synchronized boolean hasChanges() {
        return state == State.NEW || !changedNames.isEmpty() || idleTimeoutChanged || touchDue || renewalDue;
    }

    @Override
    public synchronized String toString() {
        return "Session[" + token.fingerprint() + "…, " + state + ", version " + version + ", "
                + attributes.size() + " attributes]";
    }

    // ---- for the manager -------------------------------------------------------------------

    synchronized long version() {
        return version;
    }

    synchronized Instant tokenIssuedAt() {
        return tokenIssuedAt;
    }

    /**
     * True when the policy's periodic renewal applies: the next {@link SessionManager#save} gives
     * the session a new token. A framework adapter that can no longer send a new token (the
     * response is committed) checks this early and rotates while it still can.
     */
    public synchronized boolean isRenewalDue() {
        return renewalDue;
    }

    /**
     * Leaves the token as it is for this request even though renewal is due: for an adapter that
     * could not deliver a new token any more. The next request renews it.
     */
    public synchronized void postponeRenewal() {
        renewalDue = false;
    }

    synchronized void markTouchDue(Instant now) {
        lastAccessedAt = now;
        touchDue = true;
    }

    synchronized void markRenewalDue() {
        renewalDue = true;
    }

    synchronized void stored(long newVersion) {
        version = newVersion;
        state = State.STORED;
        changedNames.clear();
        idleTimeoutChanged = false;
        touchDue = false;
    }

    synchronized void rotated(SessionToken newToken, Instant now) {
        token = newToken;
        tokenIssuedAt = now;
        lastAccessedAt = now;
        renewalDue = false;
    }

    synchronized void bind(@Nullable String newPrincipal) {
        principal = newPrincipal;
    }

    synchronized void ended() {
        state = State.ENDED;
    }

    synchronized SessionRecord toRecord() {
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        attributes.forEach((name, attribute) -> encoded.put(name, attribute.encoded));
        return new SessionRecord(createdAt, lastAccessedAt, tokenIssuedAt, idleTimeout, absoluteDeadline, principal, encoded);
    }

    /**
     * Takes what another request saved as the new base and re-applies this request's own changes
     * on top: its set and removed attributes, its idle timeout change, its touch.
     */
    synchronized void rebase(long currentVersion, SessionRecord current) {
        Map<String, Attribute> mine = new LinkedHashMap<>(attributes);
        attributes.clear();
        encodedSize = 0;
        current.attributes().forEach((name, bytes) -> {
            attributes.put(name, new Attribute(bytes));
            encodedSize += bytes.length + name.length();
        });
        for (String name : changedNames) {
            Attribute attribute = mine.get(name);
            Attribute replaced = attribute == null ? attributes.remove(name) : attributes.put(name, attribute);
            if (replaced != null) {
                encodedSize -= replaced.encoded.length + name.length();
            }
            if (attribute != null) {
                encodedSize += attribute.encoded.length + name.length();
            }
        }
        if (!idleTimeoutChanged) {
            idleTimeout = current.idleTimeout();
        }
        if (current.lastAccessedAt().isAfter(lastAccessedAt)) {
            lastAccessedAt = current.lastAccessedAt();
        }
        principal = current.principal();
        version = currentVersion;
    }

    /** The time this session may still live from {@code now}: min(idle timeout, time to deadline). */
    synchronized Duration ttlAt(Instant now) {
        Duration toDeadline = Duration.between(now, absoluteDeadline);
        return toDeadline.compareTo(idleTimeout) < 0 ? toDeadline : idleTimeout;
    }

    private void requireLive() {
        if (state == State.ENDED) {
            throw new InvalidSessionStateException("the session " + token.fingerprint() + "… has ended");
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > RecordCodec.maxNameLength()) {
            throw new IllegalArgumentException("attribute names have 1 to " + RecordCodec.maxNameLength()
                    + " characters, but this one has " + name.length());
        }
        if (BinaryWriter.unpairedSurrogateIndex(name) >= 0) {
            throw new IllegalArgumentException("attribute names must be well-formed UTF-16, but this one has an unpaired"
                    + " surrogate at index " + BinaryWriter.unpairedSurrogateIndex(name));
        }
    }
}
