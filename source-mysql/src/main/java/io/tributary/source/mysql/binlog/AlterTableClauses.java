package io.tributary.source.mysql.binlog;

import io.tributary.core.model.Column;
import io.tributary.core.model.DataType;
import io.tributary.core.model.SchemaChange;
import io.tributary.core.model.SchemaChangeEvent;
import io.tributary.core.model.TableId;
import io.tributary.core.model.TableSchema;
import io.tributary.source.mysql.catalog.BinlogColumn;
import io.tributary.source.mysql.catalog.MySqlColumnDefaults;
import io.tributary.source.mysql.catalog.MySqlTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the column clauses of an ALTER TABLE statement to the schema the reader knows, so that
 * the schema after each statement is the one the binlog's next row events have, even when the
 * reader replays old statements after a restart. Follows ADD, DROP, MODIFY, CHANGE and RENAME
 * COLUMN, and skips clauses that leave the columns alone (indexes, defaults, table options).
 * Anything else (a new primary key, reordered columns, CONVERT TO CHARACTER SET, ...) makes it
 * answer empty, and the reader takes the server's current definition instead.
 */
final class AlterTableClauses {
    private static final Pattern HEAD = Pattern.compile("^ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?"
            + "(?:`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)+`|[\\w$]+))?\\s*(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^(`(?:[^`]|``)+`|[\\w$]+)\\s*", Pattern.DOTALL);
    private static final Pattern IGNORED = Pattern.compile("^(?:ADD\\s+(?:INDEX|KEY|UNIQUE|FULLTEXT|SPATIAL|CONSTRAINT|CHECK|FOREIGN)"
            + "|DROP\\s+(?:INDEX|KEY|FOREIGN|CONSTRAINT|CHECK)|ALTER\\s+(?:COLUMN\\s+)?\\S+\\s+(?:SET|DROP)\\s+(?:DEFAULT|VISIBLE|INVISIBLE)"
            + "|ALTER\\s+(?:INDEX|KEY)|RENAME\\s+(?:INDEX|KEY)|ALGORITHM|LOCK|ENGINE|COMMENT|FORCE|AUTO_INCREMENT|ROW_FORMAT|KEY_BLOCK_SIZE"
            + "|STATS_|CHECKSUM|DELAY_KEY_WRITE|PACK_KEYS|(?:DEFAULT\\s+)?(?:CHARSET|CHARACTER\\s+SET|COLLATE)|ENABLE\\s+KEYS|DISABLE\\s+KEYS)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ADD = Pattern.compile("^ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?!\\()", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP = Pattern.compile("^DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?(?!PRIMARY\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MODIFY = Pattern.compile("^MODIFY\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGE = Pattern.compile("^CHANGE\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern RENAME_COLUMN = Pattern.compile("^RENAME\\s+COLUMN\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern TYPE = Pattern.compile("^([a-zA-Z]+(?:\\s+PRECISION|\\s+VARYING)?)\\s*(\\(([^)]*)\\))?\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern POSITION = Pattern.compile("\\b(FIRST|AFTER\\s+(`(?:[^`]|``)+`|[\\w$]+))\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"");

    private AlterTableClauses() {}

    /** The schema changes of the statement, in order, or empty when it holds a clause not followed here. */
    static Optional<List<SchemaChangeEvent>> apply(TableId tableId, TableSchema known, String alterStatement) {
        Matcher head = HEAD.matcher(alterStatement.trim());
        if (!head.matches()) {
            return Optional.empty();
        }
        List<SchemaChangeEvent> events = new ArrayList<>();
        TableSchema current = known;
        for (String clause : splitTopLevel(head.group(1))) {
            if (clause.isEmpty() || IGNORED.matcher(clause).find()) {
                continue;
            }
            Optional<TableSchema> next = applyClause(tableId, current, clause, events);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(events);
    }

    private static Optional<TableSchema> applyClause(TableId tableId, TableSchema schema, String clause, List<SchemaChangeEvent> events) {
        Matcher m;
        if ((m = RENAME_COLUMN.matcher(clause)).find()) {
            String rest = clause.substring(m.end());
            Matcher from = NAME.matcher(rest);
            if (!from.find()) {
                return Optional.empty();
            }
            String[] tail = rest.substring(from.end()).trim().split("\\s+", 2);
            if (tail.length < 2 || !tail[0].equalsIgnoreCase("TO")) {
                return Optional.empty();
            }
            return rename(tableId, schema, unquote(from.group(1)), unquote(tail[1].trim()), events);
        }
        if ((m = CHANGE.matcher(clause)).find()) {
            String rest = clause.substring(m.end());
            Matcher from = NAME.matcher(rest);
            if (!from.find()) {
                return Optional.empty();
            }
            Optional<Column> definition = definition(tableId, rest.substring(from.end()));
            if (definition.isEmpty()) {
                return Optional.empty();
            }
            Optional<TableSchema> renamed = rename(tableId, schema, unquote(from.group(1)), definition.get().name(), events);
            return renamed.flatMap(s -> retype(tableId, s, definition.get(), events));
        }
        if ((m = MODIFY.matcher(clause)).find()) {
            return definition(tableId, clause.substring(m.end())).flatMap(column -> retype(tableId, schema, column, events));
        }
        if ((m = ADD.matcher(clause)).find()) {
            String rest = clause.substring(m.end());
            Matcher position = POSITION.matcher(rest);
            Optional<String> after = Optional.of(schema.columns().get(schema.columns().size() - 1).name());
            if (position.find()) {
                after = position.group(1).equalsIgnoreCase("FIRST") ? Optional.empty() : Optional.of(unquote(position.group(2)));
                rest = rest.substring(0, position.start());
            }
            Optional<Column> definition = definition(tableId, rest);
            if (definition.isEmpty() || schema.column(definition.get().name()).isPresent()) {
                return definition.isEmpty() ? Optional.empty() : Optional.of(schema);
            }
            Column added = definition.get().withType(definition.get().type().withNullable(true));
            List<Column> columns = new ArrayList<>(schema.columns());
            int at = 0;
            if (after.isPresent()) {
                OptionalIndex index = indexOf(columns, after.get());
                if (index.missing()) {
                    return Optional.empty();
                }
                at = index.value() + 1;
                after = Optional.of(columns.get(index.value()).name());
            }
            columns.add(at, added);
            TableSchema next = new TableSchema(columns, schema.primaryKey());
            events.add(new SchemaChangeEvent(tableId, new SchemaChange.AddColumn(added, after), next));
            return Optional.of(next);
        }
        if ((m = DROP.matcher(clause)).find()) {
            Matcher name = NAME.matcher(clause.substring(m.end()));
            if (!name.find() || !clause.substring(m.end() + name.end()).isBlank()) {
                return Optional.empty();
            }
            OptionalIndex index = indexOf(schema.columns(), unquote(name.group(1)));
            if (index.missing()) {
                return Optional.of(schema);
            }
            String dropped = schema.columns().get(index.value()).name();
            if (schema.primaryKey().contains(dropped)) {
                return Optional.empty(); // the key changes: take the server's definition
            }
            List<Column> columns = new ArrayList<>(schema.columns());
            columns.remove(index.value());
            TableSchema next = new TableSchema(columns, schema.primaryKey());
            events.add(new SchemaChangeEvent(tableId, new SchemaChange.DropColumn(dropped), next));
            return Optional.of(next);
        }
        return Optional.empty();
    }

    private static Optional<TableSchema> rename(TableId tableId, TableSchema schema, String from, String to, List<SchemaChangeEvent> events) {
        OptionalIndex index = indexOf(schema.columns(), from);
        if (index.missing()) {
            return Optional.empty();
        }
        String old = schema.columns().get(index.value()).name();
        if (old.equals(to)) {
            return Optional.of(schema);
        }
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.set(index.value(), columns.get(index.value()).withName(to));
        TableSchema next = new TableSchema(columns, schema.primaryKey().stream().map(k -> k.equals(old) ? to : k).toList());
        events.add(new SchemaChangeEvent(tableId, new SchemaChange.RenameColumn(old, to), next));
        return Optional.of(next);
    }

    private static Optional<TableSchema> retype(TableId tableId, TableSchema schema, Column definition, List<SchemaChangeEvent> events) {
        OptionalIndex index = indexOf(schema.columns(), definition.name());
        if (index.missing()) {
            return Optional.empty();
        }
        Column existing = schema.columns().get(index.value());
        DataType newType = definition.type().withNullable(existing.type().nullable());
        if (newType.equals(existing.type())) {
            return Optional.of(schema);
        }
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.set(index.value(), existing.withType(newType));
        TableSchema next = new TableSchema(columns, schema.primaryKey());
        events.add(new SchemaChangeEvent(tableId, new SchemaChange.AlterColumnType(existing.name(), newType), next));
        return Optional.of(next);
    }

    /** A column definition {@code name type[(args)] [UNSIGNED] [options]}; empty for a reordering or an unknown type. */
    private static Optional<Column> definition(TableId tableId, String text) {
        Matcher name = NAME.matcher(text.trim());
        if (!name.find()) {
            return Optional.empty();
        }
        String rest = text.trim().substring(name.end());
        if (POSITION.matcher(rest).find()) {
            return Optional.empty(); // a moved column reorders the row images
        }
        Matcher type = TYPE.matcher(rest);
        if (!type.matches()) {
            return Optional.empty();
        }
        String dataType = type.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        String args = type.group(3) == null ? "" : type.group(3).trim();
        String options = QUOTED.matcher(type.group(4)).replaceAll("''").toLowerCase(Locale.ROOT);
        dataType = switch (dataType) {
            case "bool", "boolean" -> "tinyint";
            case "integer" -> "int";
            case "dec", "fixed" -> "decimal";
            case "double precision" -> "double";
            case "character varying" -> "varchar";
            default -> dataType;
        };
        if (type.group(1).toLowerCase(Locale.ROOT).startsWith("bool")) {
            args = "1";
        }
        boolean unsigned = options.contains("unsigned");
        String columnType = dataType + (args.isEmpty() ? "" : "(" + args + ")") + (unsigned ? " unsigned" : "");
        String[] numbers = args.split(",");
        int first = firstNumber(numbers, 0);
        int second = numbers.length > 1 ? firstNumber(numbers, 1) : 0;
        long characterLength = switch (dataType) {
            case "char", "binary" -> args.isEmpty() ? 1 : first;
            case "varchar", "varbinary" -> first;
            case "enum", "set" -> maxMember(columnType, dataType);
            default -> 0;
        };
        int precision = switch (dataType) {
            case "decimal", "numeric" -> args.isEmpty() ? 10 : first;
            case "bit" -> args.isEmpty() ? 1 : first;
            default -> 0;
        };
        int scale = dataType.equals("decimal") || dataType.equals("numeric") ? second : 0;
        int datetimePrecision = dataType.equals("time") || dataType.equals("datetime") || dataType.equals("timestamp") ? first : 0;
        boolean nullable = !options.contains("not null") && !options.contains("primary key");
        try {
            DataType mapped = MySqlTypes.map(tableId.identifier(), new MySqlTypes.ColumnDescription(unquote(name.group(1)), dataType, columnType,
                    nullable, characterLength, precision, scale, datetimePrecision, false));
            return Optional.of(new Column(unquote(name.group(1)), mapped, MySqlColumnDefaults.fromDefinition(type.group(4), mapped)));
        } catch (RuntimeException unknownType) {
            return Optional.empty();
        }
    }

    private static long maxMember(String columnType, String dataType) {
        String[] members = new BinlogColumn("c", dataType, columnType, Optional.empty()).members();
        if (dataType.equals("set")) {
            long total = 0;
            for (String member : members) {
                total += member.length() + 1;
            }
            return Math.max(1, total - 1);
        }
        long longest = 1;
        for (String member : members) {
            longest = Math.max(longest, member.length());
        }
        return longest;
    }

    private static int firstNumber(String[] parts, int index) {
        try {
            return Integer.parseInt(parts[index].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private record OptionalIndex(int value) {
        boolean missing() {
            return value < 0;
        }
    }

    private static OptionalIndex indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return new OptionalIndex(i);
            }
        }
        return new OptionalIndex(-1);
    }

    /** Splits at commas outside parentheses, quotes and backticks. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`' && i + 1 < text.length()) {
                    current.append(c).append(text.charAt(++i));
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(current.toString().trim());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString().trim());
        return parts;
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }
}
