package io.tributary.core.model;

/** The kind of a row change. Codes are stored in checkpoints and match Debezium's {@code op}. */
public enum Operation {
    /** A row read by the snapshot. */
    READ('r'),
    INSERT('c'),
    UPDATE('u'),
    DELETE('d');

    private final char code;

    Operation(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static Operation fromCode(char code) {
        for (Operation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        throw new IllegalArgumentException("Unknown operation code '" + code + "'");
    }
}
