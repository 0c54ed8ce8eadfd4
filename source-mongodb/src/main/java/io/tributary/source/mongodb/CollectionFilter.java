package io.tributary.source.mongodb;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which collections a source captures: regular expressions matched against whole
 * {@code database.collection} names, optionally narrowed by regular expressions of database
 * names. System collections ({@code system.*}) are never captured.
 */
public final class CollectionFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern LITERAL_DATABASE = Pattern.compile("[A-Za-z0-9_-]+");

    private final List<String> databasePatterns;
    private final List<String> collectionPatterns;
    private transient List<Pattern> databases;
    private transient List<Pattern> collections;

    private CollectionFilter(List<String> databasePatterns, List<String> collectionPatterns) {
        this.databasePatterns = List.copyOf(databasePatterns);
        this.collectionPatterns = List.copyOf(collectionPatterns);
        compile();
    }

    /** Parses comma-separated patterns; throws naming a pattern that does not compile or has no database part. */
    public static CollectionFilter parse(Optional<String> databases, String collections) {
        requireNonNull(collections, "collections is null");
        List<String> collectionPatterns = split(collections);
        for (String pattern : collectionPatterns) {
            if (!pattern.contains(".")) {
                throw new IllegalArgumentException("pattern '" + pattern + "' names no database: write database\\.collection");
            }
        }
        return new CollectionFilter(databases.map(CollectionFilter::split).orElse(List.of()), collectionPatterns);
    }

    private static List<String> split(String patterns) {
        List<String> parts = new ArrayList<>();
        for (String part : patterns.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no pattern given");
        }
        return parts;
    }

    private void compile() {
        try {
            databases = databasePatterns.stream().map(Pattern::compile).toList();
            collections = collectionPatterns.stream().map(Pattern::compile).toList();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + e.getPattern() + "' is not a regular expression: " + e.getDescription());
        }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        compile();
    }

    public boolean matches(String database, String collection) {
        if (collection.startsWith("system.")) {
            return false;
        }
        String full = database + "." + collection;
        return (databases.isEmpty() || databases.stream().anyMatch(p -> p.matcher(database).matches()))
                && collections.stream().anyMatch(p -> p.matcher(full).matches());
    }

    /**
     * The databases the patterns name literally ({@code shop\.orders} names {@code shop}), or empty
     * when some pattern's database part is a regular expression, so that every database must be listed.
     */
    public Optional<Set<String>> literalDatabases() {
        Set<String> names = new LinkedHashSet<>();
        for (String pattern : collectionPatterns) {
            int dot = pattern.indexOf("\\.");
            if (dot < 0 || !LITERAL_DATABASE.matcher(pattern.substring(0, dot)).matches()) {
                return Optional.empty();
            }
            names.add(pattern.substring(0, dot));
        }
        return Optional.of(names);
    }

    @Override
    public String toString() {
        return String.join(", ", collectionPatterns) + (databasePatterns.isEmpty() ? "" : " in databases " + String.join(", ", databasePatterns));
    }
}
