package io.tributary.source.oracle.stream;

import static java.util.Objects.requireNonNull;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.TableSchema;
import io.tributary.source.oracle.catalog.OracleTypes;
import io.tributary.source.oracle.catalog.OracleTypes.ColumnDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A captured table as {@link ChangeRecordDecoder} reads its changes: the model schema and, per
 * column in the same order, the Oracle type it was mapped from ({@code ALL_TAB_COLUMNS.DATA_TYPE}).
 * The model's VARCHAR does not say whether a column is an {@code INTERVAL YEAR TO MONTH} or
 * {@code DAY TO SECOND}, and Debezium writes a zero interval of either kind the same way.
 *
 * <p>{@link #of} refuses {@code INTERVAL DAY TO SECOND} with more than 6 fractional digits:
 * Debezium 3.6.1's {@code OracleValueConverters} reads the fraction as a count of microseconds
 * whatever its length, so {@code 4.123456789} seconds arrive as 127.456789, with nothing in the
 * record to tell.
 *
 * @param oracleTypes the Oracle type of each column of {@code schema}, e.g. {@code INTERVAL YEAR(2) TO MONTH}
 */
public record StreamTable(TableSchema schema, List<String> oracleTypes) {
    private static final Pattern DAY_TO_SECOND = Pattern.compile("INTERVAL DAY(?:\\(\\d\\))? TO SECOND(?:\\((\\d)\\))?");
    private static final int MAX_INTERVAL_FRACTIONAL_DIGITS = 6;

    public StreamTable {
        requireNonNull(schema, "schema is null");
        oracleTypes = List.copyOf(requireNonNull(oracleTypes, "oracleTypes is null"));
        if (oracleTypes.size() != schema.columns().size()) {
            throw new IllegalArgumentException(schema.columns().size() + " columns but " + oracleTypes.size() + " Oracle types");
        }
    }

    /** The table of {@code columns} as the catalog describes them, mapped by {@link OracleTypes#map}. */
    public static StreamTable of(List<ColumnDescription> columns, List<String> primaryKey) {
        List<Column> mapped = new ArrayList<>(columns.size());
        List<String> unsupported = new ArrayList<>();
        for (ColumnDescription column : columns) {
            Optional<DataType> type = OracleTypes.map(column);
            type.ifPresentOrElse(t -> mapped.add(new Column(column.name(), t)), () -> unsupported.add(column.name() + " (" + column.dataType() + ")"));
        }
        if (!unsupported.isEmpty()) {
            throw OracleTypes.unsupported(unsupported);
        }
        List<String> fineIntervals = columns.stream().filter(column -> isIntervalFinerThanMicroseconds(column.dataType()))
                .map(column -> column.name() + " (" + column.dataType() + ")").toList();
        if (!fineIntervals.isEmpty()) {
            throw new TributaryException(ErrorCode.SOURCE_TYPE_UNSUPPORTED, "The oracle source cannot stream changes of these columns: "
                    + String.join(", ", fineIntervals) + ". The log reader (Debezium 3.6.1) misreads INTERVAL DAY TO SECOND values with more "
                    + "than 6 fractional digits. Change the columns to INTERVAL DAY TO SECOND(6) or fewer digits, or exclude the table with "
                    + "tables.exclude.");
        }
        return new StreamTable(new TableSchema(mapped, primaryKey), columns.stream().map(ColumnDescription::dataType).toList());
    }

    private static boolean isIntervalFinerThanMicroseconds(String dataType) {
        Matcher interval = DAY_TO_SECOND.matcher(dataType.trim().toUpperCase(Locale.ROOT));
        return interval.matches() && interval.group(1) != null && Integer.parseInt(interval.group(1)) > MAX_INTERVAL_FRACTIONAL_DIGITS;
    }

    /** Whether column {@code index} is an {@code INTERVAL YEAR TO MONTH}. */
    public boolean isYearToMonthInterval(int index) {
        return oracleTypes.get(index).trim().toUpperCase(Locale.ROOT).startsWith("INTERVAL YEAR");
    }
}
