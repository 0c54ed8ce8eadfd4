package io.tributary.source.mysql;

import io.tributary.core.serialization.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoint encoding of {@link BinlogPosition}. Version 1: file (int32 length + UTF-8), position
 * (int64), GTID set (int32 length + UTF-8; length -1 when absent). Version 2: version 1's fields,
 * then the rows to skip (int64).
 */
public final class BinlogPositionSerializer {
    public static final VersionedSerializer<BinlogPosition> INSTANCE = new VersionedSerializer<>("a binlog position", BinlogPositionSerializer::writeVersion2,
            List.of(BinlogPositionSerializer::readVersion1, BinlogPositionSerializer::readVersion2));

    private BinlogPositionSerializer() {}

    private static byte[] writeVersion2(BinlogPosition position) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, position);
            out.writeLong(position.rowsToSkip());
        }
        return bytes.toByteArray();
    }

    private static BinlogPosition readVersion1(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    private static BinlogPosition readVersion2(byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in).withRowsEmitted(in.readLong());
        }
    }

    /** Writes the version-1 fields (file, offset, GTID set); snapshot markers use this alone. */
    static void write(DataOutputStream out, BinlogPosition position) throws IOException {
        writeString(out, position.file());
        out.writeLong(position.position());
        if (position.gtidSet().isPresent()) {
            writeString(out, position.gtidSet().get());
        } else {
            out.writeInt(-1);
        }
    }

    /** Reads the version-1 fields {@link #write} writes. */
    static BinlogPosition read(DataInputStream in) throws IOException {
        String file = readString(in);
        long offset = in.readLong();
        int gtidLength = in.readInt();
        Optional<String> gtids = Optional.empty();
        if (gtidLength >= 0) {
            byte[] text = new byte[gtidLength];
            in.readFully(text);
            gtids = Optional.of(new String(text, StandardCharsets.UTF_8));
        }
        return new BinlogPosition(file, offset, gtids);
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(text.length);
        out.write(text);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("Corrupt binlog position: negative length " + length);
        }
        byte[] text = new byte[length];
        in.readFully(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
