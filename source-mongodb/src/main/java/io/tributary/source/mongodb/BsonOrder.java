package io.tributary.source.mongodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * MongoDB's comparison order of BSON values (as {@code sort({_id: 1})} and index bounds use it):
 * first the type's rank (MinKey, null, numbers, strings, documents, arrays, binary data, ObjectId,
 * booleans, dates, timestamps, regular expressions, MaxKey), then the value within its type —
 * numbers by value whatever their width, strings by their UTF-8 bytes (the simple collation).
 */
public final class BsonOrder implements Comparator<BsonValue> {
    public static final BsonOrder INSTANCE = new BsonOrder();

    private BsonOrder() {}

    /** The rank of a type among the others; equal ranks compare by value. */
    public static int rank(BsonType type) {
        return switch (type) {
            case MIN_KEY -> 1;
            case NULL, UNDEFINED -> 2;
            case INT32, INT64, DOUBLE, DECIMAL128 -> 3;
            case SYMBOL, STRING -> 4;
            case DOCUMENT -> 5;
            case ARRAY -> 6;
            case BINARY -> 7;
            case OBJECT_ID -> 8;
            case BOOLEAN -> 9;
            case DATE_TIME -> 10;
            case TIMESTAMP -> 11;
            case REGULAR_EXPRESSION -> 12;
            case DB_POINTER -> 13;
            case JAVASCRIPT -> 14;
            case JAVASCRIPT_WITH_SCOPE -> 15;
            case MAX_KEY -> 100;
            case END_OF_DOCUMENT -> throw new IllegalArgumentException("not a value type: " + type);
        };
    }

    @Override
    public int compare(BsonValue left, BsonValue right) {
        int byType = Integer.compare(rank(left.getBsonType()), rank(right.getBsonType()));
        if (byType != 0) {
            return byType;
        }
        return switch (left.getBsonType()) {
            case MIN_KEY, MAX_KEY, NULL, UNDEFINED -> 0;
            case INT32, INT64, DOUBLE, DECIMAL128 -> compareNumbers(left, right);
            case SYMBOL, STRING -> Arrays.compareUnsigned(text(left).getBytes(StandardCharsets.UTF_8), text(right).getBytes(StandardCharsets.UTF_8));
            case DOCUMENT -> compareDocuments(left.asDocument(), right.asDocument());
            case ARRAY -> compareArrays(left.asArray().getValues().iterator(), right.asArray().getValues().iterator());
            case BINARY -> compareBinary(left, right);
            case OBJECT_ID -> Arrays.compareUnsigned(left.asObjectId().getValue().toByteArray(), right.asObjectId().getValue().toByteArray());
            case BOOLEAN -> Boolean.compare(left.asBoolean().getValue(), right.asBoolean().getValue());
            case DATE_TIME -> Long.compare(left.asDateTime().getValue(), right.asDateTime().getValue());
            case TIMESTAMP -> Long.compareUnsigned(left.asTimestamp().getValue(), right.asTimestamp().getValue());
            default -> left.toString().compareTo(right.toString());
        };
    }

    private static String text(BsonValue value) {
        return value.isSymbol() ? value.asSymbol().getSymbol() : value.asString().getValue();
    }

    private static int compareNumbers(BsonValue left, BsonValue right) {
        if ((left.isInt32() || left.isInt64()) && (right.isInt32() || right.isInt64())) {
            return Long.compare(left.asNumber().longValue(), right.asNumber().longValue());
        }
        boolean leftNaN = isNaN(left);
        boolean rightNaN = isNaN(right);
        if (leftNaN || rightNaN) {
            return Boolean.compare(rightNaN, leftNaN); // NaN sorts below every other number
        }
        int leftInfinity = infinity(left);
        int rightInfinity = infinity(right);
        if (leftInfinity != 0 || rightInfinity != 0) {
            return Integer.compare(leftInfinity, rightInfinity);
        }
        return decimal(left).compareTo(decimal(right));
    }

    private static boolean isNaN(BsonValue number) {
        return number.isDouble() ? Double.isNaN(number.asDouble().getValue())
                : number.isDecimal128() && number.asDecimal128().getValue().isNaN();
    }

    /** -1 or 1 for an infinity, 0 for a finite number. */
    private static int infinity(BsonValue number) {
        if (number.isDouble() && Double.isInfinite(number.asDouble().getValue())) {
            return number.asDouble().getValue() > 0 ? 1 : -1;
        }
        if (number.isDecimal128() && number.asDecimal128().getValue().isInfinite()) {
            return number.asDecimal128().getValue().isNegative() ? -1 : 1;
        }
        return 0;
    }

    private static BigDecimal decimal(BsonValue number) {
        return switch (number.getBsonType()) {
            case DOUBLE -> new BigDecimal(number.asDouble().getValue());
            case DECIMAL128 -> number.asDecimal128().getValue().bigDecimalValue();
            default -> BigDecimal.valueOf(number.asNumber().longValue());
        };
    }

    private int compareDocuments(BsonDocument left, BsonDocument right) {
        Iterator<Map.Entry<String, BsonValue>> l = left.entrySet().iterator();
        Iterator<Map.Entry<String, BsonValue>> r = right.entrySet().iterator();
        while (l.hasNext() && r.hasNext()) {
            Map.Entry<String, BsonValue> a = l.next();
            Map.Entry<String, BsonValue> b = r.next();
            int c = Integer.compare(rank(a.getValue().getBsonType()), rank(b.getValue().getBsonType()));
            if (c == 0) {
                c = Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8), b.getKey().getBytes(StandardCharsets.UTF_8));
            }
            if (c == 0) {
                c = compare(a.getValue(), b.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(l.hasNext(), r.hasNext());
    }

    private int compareArrays(Iterator<BsonValue> l, Iterator<BsonValue> r) {
        while (l.hasNext() && r.hasNext()) {
            int c = compare(l.next(), r.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(l.hasNext(), r.hasNext());
    }

    private static int compareBinary(BsonValue left, BsonValue right) {
        byte[] a = left.asBinary().getData();
        byte[] b = right.asBinary().getData();
        int c = Integer.compare(a.length, b.length);
        if (c == 0) {
            c = Integer.compare(left.asBinary().getType() & 0xff, right.asBinary().getType() & 0xff);
        }
        return c != 0 ? c : Arrays.compareUnsigned(a, b);
    }
}
