package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects a source owns, found by a handle string by the classes Debezium's engine creates by
 * name (with no way to pass them an object). A registration lives from before the engine starts
 * until the engine has stopped: the source registers its object, puts the handle in the engine's
 * configuration, runs the engine, and closes the registration once the engine's run has returned.
 * Handles are unique, so engines of several sources in one JVM never share an object.
 *
 * @param <T> the owned object's type
 */
public final class HandleRegistry<T> {
    private final String kind;
    private final Map<String, T> owners = new ConcurrentHashMap<>();

    /** A registry whose lookup failures call its objects {@code kind}, e.g. "offset owner". */
    public HandleRegistry(String kind) {
        this.kind = requireNonNull(kind, "kind is null");
    }

    /** Registers {@code owner} under a new handle until the returned registration is closed. */
    public Registration register(T owner) {
        requireNonNull(owner, "owner is null");
        String handle = kind.replace(' ', '-') + "-" + UUID.randomUUID();
        owners.put(handle, owner);
        return new Registration(handle);
    }

    /** The object registered under {@code handle}. */
    public T lookup(String handle) {
        requireNonNull(handle, "handle is null");
        T owner = owners.get(handle);
        if (owner == null) {
            // The engine was started without registering first, or after the registration closed.
            throw new IllegalStateException("No " + kind + " is registered under handle " + handle);
        }
        return owner;
    }

    /** Whether {@code handle} is registered now. */
    public boolean isRegistered(String handle) {
        return owners.containsKey(handle);
    }

    /** A handle in use; closing it removes the object from the registry. */
    public final class Registration implements AutoCloseable {
        private final String handle;

        private Registration(String handle) {
            this.handle = handle;
        }

        public String handle() {
            return handle;
        }

        @Override
        public void close() {
            owners.remove(handle);
        }
    }
}
