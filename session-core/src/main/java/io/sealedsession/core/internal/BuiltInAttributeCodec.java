package io.sealedsession.core.internal;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.port.AttributeCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The built-in attribute codec: one version byte, then a tagged tree of values. Decoding loads no
 * class, follows no name found in the input and allocates nothing larger than the input allows.
 */
public final class BuiltInAttributeCodec implements AttributeCodec {

    public static final BuiltInAttributeCodec INSTANCE = new BuiltInAttributeCodec();

    /** The deepest nesting of lists and maps accepted, in both directions. */
    public static final int MAX_DEPTH = 32;

    private static final int FORMAT = 1;

    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int BYTES = 7;
    private static final int INSTANT = 8;
    private static final int LIST = 9;
    private static final int MAP = 10;

    private BuiltInAttributeCodec() {}

    @Override
    public byte[] encode(String name, @Nullable Object value) {
        BinaryWriter out = new BinaryWriter(32);
        out.writeByte(FORMAT);
        write(name, value, out, 0);
        return out.toByteArray();
    }

    @Override
    public @Nullable Object decode(String name, byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new RecordFormatException("attribute '" + name + "' has value format " + format + ", expected " + FORMAT);
        }
        Object value = read(in, 0);
        in.expectEnd();
        return value;
    }

    private static void write(String name, @Nullable Object value, BinaryWriter out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new AttributeNotEncodableException("attribute '" + name + "' nests lists or maps deeper than " + MAX_DEPTH);
        }
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Integer i) {
            out.writeByte(INT).writeSignedVarLong(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG).writeSignedVarLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE).writeFixedLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof String s) {
            int broken = BinaryWriter.unpairedSurrogateIndex(s);
            if (broken >= 0) {
                throw new AttributeNotEncodableException("attribute '" + name + "' holds a String with an unpaired surrogate"
                        + " at index " + broken + ", which UTF-8 cannot represent");
            }
            out.writeByte(STRING).writeString(s);
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES).writeBytes(bytes);
        } else if (value instanceof Instant instant) {
            out.writeByte(INSTANT).writeSignedVarLong(instant.getEpochSecond()).writeVarLong(instant.getNano());
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST).writeVarLong(list.size());
            for (Object item : list) {
                write(name, item, out, depth + 1);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP).writeVarLong(map.size());
            Set<Object> keys = new HashSet<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                if (key instanceof byte[] || key instanceof List || key instanceof Map) {
                    throw new AttributeNotEncodableException("attribute '" + name + "' has a map key of type "
                            + key.getClass().getName() + "; map keys must be scalar (String, a number, Boolean, Instant or null)");
                }
                // An IdentityHashMap can hold equal keys, which the decoder rightly refuses as duplicates.
                if (!keys.add(key)) {
                    throw new AttributeNotEncodableException("attribute '" + name + "' has a map with two equal keys"
                            + " (an IdentityHashMap?); it could not be read back");
                }
                write(name, key, out, depth + 1);
                write(name, entry.getValue(), out, depth + 1);
            }
        } else {
            throw new AttributeNotEncodableException("attribute '" + name + "' has a value of type "
                    + value.getClass().getName() + ", which the built-in codec does not encode;"
                    + " use null, Boolean, Integer, Long, Double, String, byte[], Instant, or a List or Map of these,"
                    + " or configure an AttributeCodec for this type");
        }
    }

    private static @Nullable Object read(BinaryReader in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new RecordFormatException("value nests deeper than " + MAX_DEPTH);
        }
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case INT: {
                long v = in.readSignedVarLong();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new RecordFormatException("int value out of range");
                }
                return (int) v;
            }
            case LONG:
                return in.readSignedVarLong();
            case DOUBLE:
                return Double.longBitsToDouble(in.readFixedLong());
            case STRING:
                return in.readString();
            case BYTES:
                return in.readBytes();
            case INSTANT: {
                long seconds = in.readSignedVarLong();
                long nanos = in.readVarLong();
                if (nanos < 0 || nanos > 999_999_999L
                        || seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
                    throw new RecordFormatException("instant out of range");
                }
                return Instant.ofEpochSecond(seconds, nanos);
            }
            case LIST: {
                int count = in.readCount(1, Integer.MAX_VALUE);
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(read(in, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case MAP: {
                int count = in.readCount(2, Integer.MAX_VALUE);
                Map<Object, Object> map = new LinkedHashMap<>(Math.min(count, 1024) * 2);
                for (int i = 0; i < count; i++) {
                    Object key = read(in, depth + 1);
                    Object value = read(in, depth + 1);
                    if (key instanceof byte[] || key instanceof List || key instanceof Map) {
                        throw new RecordFormatException("map key of a type that has no stable equality");
                    }
                    if (map.containsKey(key)) {
                        throw new RecordFormatException("map has a duplicate key");
                    }
                    map.put(key, value);
                }
                return Collections.unmodifiableMap(map);
            }
            default:
                throw new RecordFormatException("unknown value tag " + tag);
        }
    }
}
