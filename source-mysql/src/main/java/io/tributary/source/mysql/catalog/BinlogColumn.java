package io.tributary.source.mysql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * A column as information_schema describes it, for decoding binlog row images: its data type
 * ({@code int}, {@code enum}, ...), full column type ({@code int(10) unsigned},
 * {@code enum('a','b')}) and character set.
 */
public record BinlogColumn(String name, String dataType, String columnType, Optional<String> charset) {
    public BinlogColumn {
        requireNonNull(name, "name is null");
        dataType = requireNonNull(dataType, "dataType is null").toLowerCase(Locale.ROOT);
        requireNonNull(columnType, "columnType is null");
        requireNonNull(charset, "charset is null");
    }

    public boolean unsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    /** The values of an ENUM or SET column in declaration order; empty for other types. */
    public String[] members() {
        int open = columnType.indexOf('(');
        int close = columnType.lastIndexOf(')');
        if (!(dataType.equals("enum") || dataType.equals("set")) || open < 0 || close <= open) {
            return new String[0];
        }
        String body = columnType.substring(open + 1, close);
        java.util.List<String> members = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'') {
                if (quoted && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                    current.append('\'');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                members.add(current.toString());
                current.setLength(0);
            } else if (quoted) {
                current.append(c);
            }
        }
        members.add(current.toString());
        return members.toArray(String[]::new);
    }
}
