package io.sealedsession.servlet;

import io.sealedsession.core.port.AttributeCodec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The built-in codec plus {@link TestApp.RecordingBinding}, stored as its label, so that the tests
 * can watch {@code HttpSessionBindingListener} values being bound and unbound. Values come back as
 * decoded copies, as they do with any codec.
 */
final class RecordingCodec implements AttributeCodec {

    private static final String MARKER = "\u0000binding:";

    private final AttributeCodec builtIn = AttributeCodec.builtIn();
    private final List<String> events;

    RecordingCodec(List<String> events) {
        this.events = events;
    }

    @Override
    public byte[] encode(String name, @Nullable Object value) {
        if (value instanceof TestApp.RecordingBinding binding) {
            return builtIn.encode(name, MARKER + binding.label);
        }
        return builtIn.encode(name, value);
    }

    @Override
    public @Nullable Object decode(String name, byte[] bytes) {
        Object value = builtIn.decode(name, bytes);
        if (value instanceof String text && text.startsWith(MARKER)) {
            return new TestApp.RecordingBinding(text.substring(MARKER.length()), events);
        }
        return value;
    }
}
