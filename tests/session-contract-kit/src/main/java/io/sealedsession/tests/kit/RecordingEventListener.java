package io.sealedsession.tests.kit;

import io.sealedsession.core.SessionEvent;
import io.sealedsession.core.port.SessionEventListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps every audit event, for assertions. Thread-safe. */
public final class RecordingEventListener implements SessionEventListener {

    private final List<SessionEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(SessionEvent event) {
        events.add(event);
    }

    public synchronized List<SessionEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<SessionEvent> ofType(SessionEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
