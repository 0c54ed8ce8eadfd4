package io.tributary.source.mysql.snapshot;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.source.mysql.BinlogPosition;
import io.tributary.source.mysql.catalog.ServerFlavor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The binlog files the server still holds ({@code SHOW BINARY LOGS}), oldest first. */
public record BinlogFiles(List<String> names) {
    /** A binlog file's first event starts after its 4-byte magic number. */
    private static final long FIRST_EVENT = 4;

    public BinlogFiles {
        names = List.copyOf(requireNonNull(names, "names is null"));
    }

    public static BinlogFiles list(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return new BinlogFiles(names);
    }

    public boolean contains(String file) {
        return names.contains(file);
    }

    public String oldestName() {
        return names.isEmpty() ? "(none)" : names.get(0);
    }

    /** The start of the oldest file, from where every change the server still holds can be read. */
    public BinlogPosition oldest(ServerFlavor flavor) {
        if (names.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_MISCONFIGURED, "The server lists no binlog files (SHOW BINARY LOGS is empty); "
                    + "turn the binary log on (log-bin) to stream changes.");
        }
        return new BinlogPosition(names.get(0), FIRST_EVENT, Optional.empty());
    }
}
