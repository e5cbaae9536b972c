package io.sealedsession.core;

import io.sealedsession.core.port.AttributeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * An attribute codec that adds Java serialization, restricted to an allow-list, to the built-in
 * codec. <strong>Opt-in only; the default is {@link AttributeCodec#builtIn()}</strong>, which
 * loads no class at all. Use this codec only for {@code Serializable} types of your own that you
 * cannot express as the built-in codec's strings, numbers, lists and maps.
 *
 * <p><b>Why it is opt-in.</b> Java deserialization runs code named by the bytes it reads: a
 * stream can make any class on the class path instantiate itself and run its {@code readObject}.
 * That is how session stores have been turned into remote code execution before (Tomcat
 * CVE-2020-9484, Shiro CVE-2016-4437, Redisson CVE-2023-42809). Records are sealed, so bytes
 * reach this codec only after they were authenticated; the allow-list is the second wall, for the
 * day the first one fails.
 *
 * <p><b>The allow-list.</b> Built with {@link #allowing(Class[])}; it accepts:
 * <ul>
 *   <li>exactly the listed classes: not their subclasses, not their packages (list every concrete
 *       class that appears in a stored value, including JDK ones such as {@code java.util.ArrayList},
 *       and any {@code Serializable} superclass of a listed class);</li>
 *   <li>arrays of listed classes, of primitives and of {@code Object} (each element is checked on
 *       its own); a listed collection may also size its internal array, as {@code ArrayList}
 *       and {@code HashMap} do;</li>
 *   <li>the few JDK classes serialization itself needs for boxed fields and enums:
 *       {@code Boolean}, {@code Byte}, {@code Character}, {@code Short}, {@code Integer},
 *       {@code Long}, {@code Float}, {@code Double}, {@code Number}, {@code Enum} and
 *       {@code String}.</li>
 * </ul>
 * Everything else is refused, and so is every dynamic proxy. A class name outside the list is
 * refused by name, before any class loader is asked for it. The list is enforced twice: by an
 * {@link ObjectInputFilter} installed on every stream (merged with the JVM-wide filter when one is
 * configured, so that filter can still refuse), and by class resolution, which only ever returns
 * the listed {@code Class} objects.
 *
 * <p><b>Limits</b> (defaults; change them with {@link #withLimits}): nesting depth 20, 10,000
 * object references, 1 MiB of stream, arrays of at most 100,000 elements. A stream beyond any
 * limit is refused while it is read.
 *
 * <p><b>Format.</b> A value the built-in codec encodes (null, {@code Boolean}, {@code Integer},
 * {@code Long}, {@code Double}, {@code String}, {@code byte[]}, {@code Instant}, and lists and
 * maps of these) is written by the built-in codec and reads back as it does, with immutable lists
 * and maps. Any other value must be {@code Serializable}; it is written as the tag byte
 * {@code 0x4A} ({@code 'J'}) followed by a Java serialization stream. The tag is deliberately not
 * {@code 0xAC}, the first byte of a bare serialization stream: such a stream is refused, as is
 * every other input this codec did not write.
 *
 * <p><b>Failures.</b> {@link #encode} serializes the value and reads it back through the
 * allow-list, so a value that could not be read later fails when it is set, with an
 * {@link AttributeNotEncodableException} naming the attribute and the offending type.
 * {@link #decode} throws {@link RecordFormatException} and nothing else for input that is refused,
 * malformed, or whose {@code readObject} fails. A value read from Java serialization is whatever
 * its class makes of it, mutable or not; as with every codec, changing it does not change the
 * session until it is set again.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JavaSerializationAttributeCodec implements AttributeCodec {

    /** The first byte of a value written with Java serialization. */
    public static final int JAVA_SERIALIZATION_TAG = 0x4A;

    /** Default deepest nesting of objects in one value. */
    public static final int DEFAULT_MAX_DEPTH = 20;
    /** Default most object references (objects, class descriptors, back references) in one value. */
    public static final int DEFAULT_MAX_REFERENCES = 10_000;
    /** Default largest serialized value, in bytes. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Default longest array in a value. */
    public static final int DEFAULT_MAX_ARRAY_LENGTH = 100_000;

    private static final List<Class<?>> ALWAYS_ALLOWED = List.of(Boolean.class, Byte.class, Character.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, Number.class, Enum.class, String.class);

    private static final Map<Character, Class<?>> PRIMITIVE_CODES = Map.of('Z', boolean.class, 'B', byte.class,
            'C', char.class, 'S', short.class, 'I', int.class, 'J', long.class, 'F', float.class, 'D', double.class);

    private final Map<String, Class<?>> allowed;
    private final List<Class<?>> listed;
    private final int maxDepth;
    private final int maxReferences;
    private final int maxBytes;
    private final int maxArrayLength;

    private JavaSerializationAttributeCodec(List<Class<?>> listed, int maxDepth, int maxReferences, int maxBytes,
            int maxArrayLength) {
        this.listed = listed;
        Map<String, Class<?>> byName = new HashMap<>();
        ALWAYS_ALLOWED.forEach(type -> byName.put(type.getName(), type));
        listed.forEach(type -> byName.put(type.getName(), type));
        this.allowed = Map.copyOf(byName);
        this.maxDepth = maxDepth;
        this.maxReferences = maxReferences;
        this.maxBytes = maxBytes;
        this.maxArrayLength = maxArrayLength;
    }

    /**
     * A codec that reads and writes instances of exactly these classes with Java serialization,
     * with the default limits.
     *
     * @throws IllegalArgumentException when no class is given, or one is an interface, an array,
     *     a primitive, or not {@code Serializable}
     */
    public static JavaSerializationAttributeCodec allowing(Class<?>... types) {
        Objects.requireNonNull(types, "types");
        if (types.length == 0) {
            throw new IllegalArgumentException("types must name at least one class, but was empty");
        }
        for (int i = 0; i < types.length; i++) {
            Class<?> type = Objects.requireNonNull(types[i], "types[" + i + "]");
            if (type.isInterface() || type.isArray() || type.isPrimitive()) {
                throw new IllegalArgumentException("types must be concrete or abstract classes (arrays of them are allowed"
                        + " anyway), but was " + type.getName());
            }
            if (!Serializable.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("types must be Serializable, but was " + type.getName());
            }
        }
        return new JavaSerializationAttributeCodec(List.of(types), DEFAULT_MAX_DEPTH, DEFAULT_MAX_REFERENCES,
                DEFAULT_MAX_BYTES, DEFAULT_MAX_ARRAY_LENGTH);
    }

    /**
     * The same allow-list with other limits.
     *
     * @throws IllegalArgumentException naming the first limit that is below 1
     */
    public JavaSerializationAttributeCodec withLimits(int maxDepth, int maxReferences, int maxBytes, int maxArrayLength) {
        requirePositive("maxDepth", maxDepth);
        requirePositive("maxReferences", maxReferences);
        requirePositive("maxBytes", maxBytes);
        requirePositive("maxArrayLength", maxArrayLength);
        return new JavaSerializationAttributeCodec(listed, maxDepth, maxReferences, maxBytes, maxArrayLength);
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, but was " + value);
        }
    }

    @Override
    public byte[] encode(String name, @Nullable Object value) {
        AttributeNotEncodableException notBuiltIn;
        try {
            return AttributeCodec.builtIn().encode(name, value);
        } catch (AttributeNotEncodableException e) {
            notBuiltIn = e;
        }
        if (value == null) {
            throw notBuiltIn; // not reached: the built-in codec encodes null
        }
        String type = value.getClass().getName();
        if (!(value instanceof Serializable)) {
            throw new AttributeNotEncodableException("attribute '" + name + "' has a value of type " + type
                    + ", which is neither Serializable nor a type the built-in codec encodes", notBuiltIn);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        buffer.write(JAVA_SERIALIZATION_TAG);
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw withReason(new AttributeNotEncodableException("attribute '" + name + "' has a value of type " + type
                    + " that holds an instance of " + e.getMessage() + ", which is not Serializable", e), notBuiltIn);
        } catch (IOException | RuntimeException e) {
            throw withReason(new AttributeNotEncodableException("attribute '" + name + "' has a value of type " + type
                    + " that could not be serialized (" + e.getClass().getName() + ")", e), notBuiltIn);
        }
        byte[] bytes = buffer.toByteArray();
        try {
            deserialize(bytes);
        } catch (Refused e) {
            throw withReason(new AttributeNotEncodableException("attribute '" + name + "' has a value of type " + type
                    + " that could not be read back: " + e.getMessage(), e.getCause() == null ? e : e.getCause()), notBuiltIn);
        }
        return bytes;
    }

    /** Keeps why the built-in codec declined the value, for whoever reads the stack trace. */
    private static AttributeNotEncodableException withReason(AttributeNotEncodableException e,
            AttributeNotEncodableException notBuiltIn) {
        e.addSuppressed(notBuiltIn);
        return e;
    }

    @Override
    public @Nullable Object decode(String name, byte[] bytes) {
        if (bytes.length == 0) {
            throw new RecordFormatException("attribute '" + name + "' has an empty value");
        }
        int tag = bytes[0] & 0xFF;
        if (tag == 0xAC) {
            throw new RecordFormatException("attribute '" + name + "' starts like a bare Java serialization stream,"
                    + " which this codec never writes; refused without reading it");
        }
        if (tag != JAVA_SERIALIZATION_TAG) {
            return AttributeCodec.builtIn().decode(name, bytes);
        }
        try {
            return deserialize(bytes);
        } catch (Refused e) {
            throw new RecordFormatException("attribute '" + name + "' was refused: " + e.getMessage(),
                    e.getCause() == null ? e : e.getCause());
        }
    }

    /** Reads a tagged value through the allow-list; every failure becomes {@link Refused}. */
    private Object deserialize(byte[] bytes) throws Refused {
        if (bytes.length - 1 > maxBytes) {
            throw new Refused("the value has " + (bytes.length - 1) + " bytes, more than maxBytes (" + maxBytes + ")", null);
        }
        Guard guard = new Guard();
        ByteArrayInputStream source = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
        try (GuardedObjectInputStream in = new GuardedObjectInputStream(source, guard)) {
            ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
            in.setObjectInputFilter(jvmWide == null ? guard : ObjectInputFilter.merge(guard, jvmWide));
            Object value = in.readObject();
            if (source.available() != 0) {
                throw new Refused(source.available() + " unexpected bytes after the value", null);
            }
            return value;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // InvalidClassException (refused by the allow-list or a limit), StreamCorruptedException,
            // EOFException, and whatever an allowed class's readObject throws.
            String reason = guard.rejection != null ? guard.rejection : "malformed stream (" + e.getClass().getName() + ")";
            throw new Refused(reason, e);
        }
    }

    private @Nullable Class<?> allowedClass(String className) {
        int dimensions = 0;
        while (dimensions < className.length() && className.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return allowed.get(className);
        }
        String component = className.substring(dimensions);
        Class<?> type;
        if (component.length() == 1) {
            type = PRIMITIVE_CODES.get(component.charAt(0));
        } else if (component.equals("Ljava.lang.Object;")) {
            type = Object.class;
        } else if (component.length() > 2 && component.charAt(0) == 'L' && component.endsWith(";")) {
            type = allowed.get(component.substring(1, component.length() - 1));
        } else {
            type = null;
        }
        if (type == null || dimensions > 255) {
            return null;
        }
        for (int i = 0; i < dimensions; i++) {
            type = type.arrayType();
        }
        return type;
    }

    private boolean isAllowed(Class<?> type) {
        if (!type.isArray()) {
            return allowed.get(type.getName()) == type;
        }
        Class<?> component = type;
        while (component.isArray()) {
            component = component.getComponentType();
        }
        // Arrays of Object or of an interface reach the filter only from a listed class's own
        // readObject sizing its storage (ArrayList: Object[], HashMap: Map.Entry[]); in the stream
        // itself, class resolution has already limited arrays to listed, primitive or Object elements.
        return component.isPrimitive() || component == Object.class || component.isInterface()
                || allowed.get(component.getName()) == component;
    }

    /** Checks one stream; remembers why it refused, for the exception message. */
    private final class Guard implements ObjectInputFilter {
        @Nullable String rejection;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > maxDepth) {
                return reject("nesting depth " + info.depth() + " is beyond maxDepth (" + maxDepth + ")");
            }
            if (info.references() > maxReferences) {
                return reject(info.references() + " references are beyond maxReferences (" + maxReferences + ")");
            }
            if (info.streamBytes() > maxBytes) {
                return reject(info.streamBytes() + " bytes are beyond maxBytes (" + maxBytes + ")");
            }
            if (info.arrayLength() > maxArrayLength) {
                return reject("an array of " + info.arrayLength() + " elements is beyond maxArrayLength ("
                        + maxArrayLength + ")");
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return Status.UNDECIDED; // a limits-only check, passed above
            }
            return isAllowed(type) ? Status.ALLOWED : reject("class " + type.getName() + " is not on the allow-list");
        }

        Status reject(String reason) {
            if (rejection == null) {
                rejection = reason;
            }
            return Status.REJECTED;
        }
    }

    /** Resolves only allowed class names, to exactly the allowed classes; never a proxy. */
    private final class GuardedObjectInputStream extends ObjectInputStream {
        private final Guard guard;

        GuardedObjectInputStream(InputStream in, Guard guard) throws IOException {
            super(in);
            this.guard = guard;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException {
            Class<?> type = allowedClass(desc.getName());
            if (type == null) {
                guard.reject("class " + desc.getName() + " is not on the allow-list");
                throw new InvalidClassException(desc.getName(), "not on the allow-list");
            }
            return type;
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
            guard.reject("a dynamic proxy is never on the allow-list");
            throw new InvalidClassException("dynamic proxy", "never on the allow-list");
        }
    }

    /** Why a stream was refused; turned into the exception each caller owes. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message, @Nullable Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** The allow-list and the limits; no value. */
    @Override
    public String toString() {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        listed.forEach(type -> names.add(type.getName()));
        return "JavaSerializationAttributeCodec[allowing " + names + ", maxDepth " + maxDepth + ", maxReferences "
                + maxReferences + ", maxBytes " + maxBytes + ", maxArrayLength " + maxArrayLength + "]";
    }
}
