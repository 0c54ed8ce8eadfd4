package io.tributary.core.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The start-up notes for the inert options and prefixes a connector block sets: one line each. */
public final class InertOptionNotes {
    private InertOptionNotes() {}

    /**
     * @param factory the block's connector
     * @param options the block's keys and values
     * @param block the block as messages name it, e.g. {@code source (mysql)}
     */
    public static List<String> of(ConnectorFactory factory, Map<String, String> options, String block) {
        List<String> notes = new ArrayList<>();
        for (InertOption inert : factory.inertOptions()) {
            String key = inert.option().key();
            if (options.containsKey(key)) {
                notes.add("Option '" + key + "' in " + block + " has no effect: " + inert.reason());
            }
        }
        for (InertPrefix inert : factory.inertPrefixes()) {
            List<String> keys = new TreeMap<>(options).keySet().stream().filter(key -> key.startsWith(inert.prefix())).toList();
            if (!keys.isEmpty()) {
                notes.add("Options " + keys + " in " + block + " have no effect: " + inert.reason());
            }
        }
        notes.sort(null);
        return notes;
    }
}
