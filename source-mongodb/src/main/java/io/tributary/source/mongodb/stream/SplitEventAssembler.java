package io.tributary.source.mongodb.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Puts back together a change event that {@code $changeStreamSplitLargeEvent} sent in fragments:
 * each fragment has its own resume token ({@code _id}), {@code splitEvent: {fragment: n, of: m}}
 * and some of the event's top-level fields, in the event's order. The whole event has the fields of
 * fragments 1 to m in turn and the resume token of fragment m, so its position is reached, and a
 * restart resumes, only after its last fragment. Documents that are not fragments pass through.
 * A fragment missing, repeated or out of order fails the read rather than yield part of an event.
 */
public final class SplitEventAssembler {
    private static final String SPLIT_EVENT = "splitEvent";
    private static final String RESUME_TOKEN = "_id";

    private final String stream;
    private BsonDocument pending;
    private int fragmentsRead;
    private int fragmentsExpected;

    /** {@code stream} names the change stream in errors, e.g. "the change stream of MongoDB at db1:27017". */
    public SplitEventAssembler(String stream) {
        this.stream = requireNonNull(stream, "stream is null");
    }

    /** The whole event once {@code document} completes one (or is not a fragment); empty while fragments are missing. */
    public Optional<BsonDocument> accept(BsonDocument document) {
        if (!document.containsKey(SPLIT_EVENT)) {
            if (pending != null) {
                throw broken("an unsplit event came after fragment " + fragmentsRead + " of " + fragmentsExpected);
            }
            return Optional.of(document);
        }
        int fragment = number(document, "fragment");
        int of = number(document, "of");
        if (of < 1 || fragment < 1 || fragment > of) {
            throw broken("a fragment says it is " + fragment + " of " + of);
        }
        if (pending == null ? fragment != 1 : fragment != fragmentsRead + 1 || of != fragmentsExpected) {
            throw broken("fragment " + fragment + " of " + of + " came after "
                    + (pending == null ? "a whole event" : "fragment " + fragmentsRead + " of " + fragmentsExpected));
        }
        if (pending == null) {
            pending = new BsonDocument();
            fragmentsExpected = of;
        }
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            if (field.getKey().equals(RESUME_TOKEN) || field.getKey().equals(SPLIT_EVENT)) {
                continue;
            }
            if (pending.containsKey(field.getKey())) {
                throw broken("field " + field.getKey() + " came in two fragments");
            }
            pending.append(field.getKey(), field.getValue());
        }
        fragmentsRead = fragment;
        if (fragment < of) {
            return Optional.empty();
        }
        BsonDocument whole = new BsonDocument(RESUME_TOKEN, document.get(RESUME_TOKEN));
        whole.putAll(pending);
        pending = null;
        fragmentsRead = 0;
        fragmentsExpected = 0;
        return Optional.of(whole);
    }

    /** Whether some fragments of an event were read and not yet its last: its position is not reached. */
    public boolean holdsPartialEvent() {
        return pending != null;
    }

    private int number(BsonDocument fragment, String field) {
        BsonValue split = fragment.get(SPLIT_EVENT);
        if (!split.isDocument() || !split.asDocument().containsKey(field) || !split.asDocument().get(field).isNumber()) {
            throw broken("a fragment's splitEvent has no " + field + " number: " + split);
        }
        return split.asDocument().get(field).asNumber().intValue();
    }

    private TributaryException broken(String what) {
        return new TributaryException(ErrorCode.SOURCE_READ_FAILED, "Could not put back together an event that " + stream
                + " sent in fragments ($changeStreamSplitLargeEvent): " + what + ", so fragments are missing or out of order. "
                + "No part of it was passed on; a restart resumes after the last whole event checkpointed and reads the fragments again.");
    }
}
