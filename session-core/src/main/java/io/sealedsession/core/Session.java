package io.sealedsession.core;

import io.sealedsession.core.internal.BinaryWriter;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.core.port.AttributeCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One session as seen by one request. Obtain it from {@link SessionManager#create()} or
 * {@link SessionManager#find(String)}, change it, then hand it to {@link SessionManager#save}.
 *
 * <p>A session remembers which attributes this request set or removed. When another request saved
 * the same session meanwhile, {@code save} reloads it and applies only these changes on top, so
 * parallel requests that change different attributes both keep their change. Two requests that set
 * the same attribute with {@link #setAttribute} are last-writer-wins for that attribute, and the
 * save that overwrote the other's value emits {@link SessionEvent.Type#CONCURRENT_OVERWRITE}. A
 * read-modify-write through {@link #update} is re-applied to the value the other request saved,
 * so neither change is lost.
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
    /** For each plainly set or removed name: the encoded value this request's base held (null: none). */
    private final Map<String, byte @Nullable []> baseValues = new HashMap<>();
    /** For each name changed only through {@link #update}: the functions to re-apply, in order. */
    private final Map<String, List<Function<@Nullable Object, @Nullable Object>>> updates = new LinkedHashMap<>();

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
    /** The key a late request follows after another request renewed the token; null: the token's key. */
    private @Nullable SessionKey followedKey;
    /** The opt-in lock this request holds, if it took one. */
    private @Nullable Lock lock;

    /** A lock held on one key with one fencing token. */
    record Lock(SessionKey key, byte[] fence) {}

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

    /** When the session was first created; fixed, and kept across rotations. */
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

    /** How long the session may go unused before it ends: the policy's, unless {@link #setIdleTimeout} changed it. */
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
        rememberBase(name, previous);
        attributes.put(name, new Attribute(encoded));
        encodedSize = newSize;
        changedNames.add(name);
    }

    /**
     * Reads, changes and sets one attribute as one step that survives concurrent requests: when
     * another request saved the session meanwhile, {@link SessionManager#save} applies
     * {@code change} again to the value that request saved, instead of overwriting it. Twenty
     * requests that each append to one list this way keep all twenty entries.
     *
     * <p>{@code change} receives the current value (null when the attribute is not set) and returns
     * the new one (null removes the attribute). It may run more than once, so it must not have side
     * effects, and it must not call back into this session. An attribute that this request also
     * set with {@link #setAttribute} keeps that plain value as its base.
     *
     * @return the new value, as {@link #getAttribute} will return it
     * @throws ClassCastException when the attribute holds a value that is not a {@code type}
     * @throws AttributeNotEncodableException when the codec cannot encode the new value
     * @throws SessionTooLargeException as {@link #setAttribute} does
     */
    public synchronized <T> @Nullable T update(String name, Class<T> type, Function<? super @Nullable T, ? extends @Nullable T> change) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(change, "change");
        checkName(name);
        requireLive();
        T next = change.apply(type.cast(getAttribute(name)));
        boolean onlyUpdated = !changedNames.contains(name) || updates.containsKey(name);
        List<Function<@Nullable Object, @Nullable Object>> pending = updates.get(name);
        setAttribute(name, next);
        if (onlyUpdated) {
            // setAttribute recorded a plain change; this one is a function of whatever is there.
            baseValues.remove(name);
            List<Function<@Nullable Object, @Nullable Object>> functions = pending == null ? new ArrayList<>() : pending;
            functions.add(value -> change.apply(type.cast(value)));
            updates.put(name, functions);
        }
        return type.cast(getAttribute(name));
    }

    /** Removes an attribute; removing one that is not set changes nothing. */
    public synchronized void removeAttribute(String name) {
        requireLive();
        Attribute removed = attributes.get(name);
        if (removed != null) {
            rememberBase(name, removed);
            attributes.remove(name);
            encodedSize -= removed.encoded.length + name.length();
            changedNames.add(name);
        }
    }

    private void rememberBase(String name, @Nullable Attribute previous) {
        updates.remove(name);
        if (!changedNames.contains(name)) {
            baseValues.put(name, previous == null ? null : previous.encoded);
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

    /** The key the store holds this session under for this request: the token's, or the one it followed. */
    synchronized SessionKey storeKey() {
        return followedKey != null ? followedKey : token.key();
    }

    /**
     * Another request renewed the token after this one loaded the session: this request keeps its
     * token (the client already has the new one from that request) and writes to the new key.
     */
    synchronized void follow(SessionKey next) {
        followedKey = next;
    }

    synchronized @Nullable Lock lock() {
        return lock;
    }

    synchronized void locked(@Nullable Lock held) {
        lock = held;
    }

    /** True while this request holds the session's opt-in lock ({@link SessionManager#findLocked}). */
    public synchronized boolean isLocked() {
        return lock != null;
    }

    /** What {@link #rotated} replaced, for {@link #undoRotation} when the rotation did not happen. */
    record Rotation(SessionToken token, Instant tokenIssuedAt, Instant lastAccessedAt, boolean renewalDue,
            @Nullable SessionKey followedKey, long version) {}

    synchronized void stored(long newVersion) {
        version = newVersion;
        state = State.STORED;
        changedNames.clear();
        baseValues.clear();
        updates.clear();
        idleTimeoutChanged = false;
        touchDue = false;
    }

    synchronized Rotation rotated(SessionToken newToken, Instant now) {
        Rotation undo = new Rotation(token, tokenIssuedAt, lastAccessedAt, renewalDue, followedKey, version);
        token = newToken;
        tokenIssuedAt = now;
        lastAccessedAt = now;
        renewalDue = false;
        followedKey = null;
        return undo;
    }

    synchronized void undoRotation(Rotation undo) {
        token = undo.token();
        tokenIssuedAt = undo.tokenIssuedAt();
        lastAccessedAt = undo.lastAccessedAt();
        renewalDue = undo.renewalDue();
        followedKey = undo.followedKey();
        version = undo.version();
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
     * on top: its set and removed attributes, its updates (run again on the new values), its idle
     * timeout change, its touch.
     *
     * @return the names of attributes this request set or removed although the other request had
     *     changed them since this request read them: last writer wins there, and the caller reports it
     * @throws RuntimeException whatever an update function throws; the session is then left as the
     *     new base with this request's plain changes, and the update's change is lost
     */
    synchronized List<String> rebase(long currentVersion, SessionRecord current) {
        Map<String, Attribute> mine = new LinkedHashMap<>(attributes);
        attributes.clear();
        encodedSize = 0;
        current.attributes().forEach((name, bytes) -> {
            attributes.put(name, new Attribute(bytes));
            encodedSize += bytes.length + name.length();
        });
        List<String> overwritten = new ArrayList<>();
        for (String name : changedNames) {
            if (updates.containsKey(name)) {
                continue;
            }
            byte[] theirs = current.attributes().get(name);
            if (!Arrays.equals(theirs, baseValues.get(name))) {
                overwritten.add(name);
                baseValues.put(name, theirs);
            }
            Attribute attribute = mine.get(name);
            Attribute replaced = attribute == null ? attributes.remove(name) : attributes.put(name, attribute);
            if (replaced != null) {
                encodedSize -= replaced.encoded.length + name.length();
            }
            if (attribute != null) {
                encodedSize += attribute.encoded.length + name.length();
            }
        }
        for (Map.Entry<String, List<Function<@Nullable Object, @Nullable Object>>> update : updates.entrySet()) {
            String name = update.getKey();
            Object value = getAttribute(name);
            for (Function<@Nullable Object, @Nullable Object> change : update.getValue()) {
                value = change.apply(value);
            }
            Attribute replaced = attributes.remove(name);
            if (replaced != null) {
                encodedSize -= replaced.encoded.length + name.length();
            }
            if (value != null) {
                byte[] encoded = codec.encode(name, value);
                attributes.put(name, new Attribute(encoded));
                encodedSize += encoded.length + name.length();
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
        return overwritten;
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
