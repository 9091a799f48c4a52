package io.dorisops.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The column sets of the reference samples ({@code src/test/resources/samples}, copied from {@code
 * shared/reference/samples}), and rows built for them from values by column name.
 */
public final class Samples {

    public static final List<String> FRONTEND_FILES = List.of(
            "doris-1.2-show-frontends-columns.UNVERIFIED.txt",
            "doris-2.0-show-frontends-columns.LastStartTime-UNCERTAIN.txt",
            "doris-2.1-and-later-show-frontends-columns.txt",
            "starrocks-2.5-3.x-show-frontends-columns.txt",
            "starrocks-4.x-show-frontends-columns.txt");

    public static final List<String> BACKEND_FILES = List.of(
            "doris-1.2-show-backends-columns.PARTLY-VERIFIED.txt",
            "doris-2.0-show-backends-columns.txt",
            "doris-2.1-show-backends-columns.txt",
            "doris-3.x-latest-show-backends-columns.PARTLY-VERIFIED.txt",
            "starrocks-3.2-3.3-show-backends-columns.txt",
            "starrocks-3.5-4.x-show-backends-columns.txt");

    public static final List<String> COMPUTE_NODE_FILES = List.of(
            "starrocks-3.0-3.1-show-compute-nodes-columns.txt", "starrocks-newer-show-compute-nodes-columns.txt");

    public static final String STATISTIC_FILE = "doris-old-show-proc-statistic-columns.txt";

    private Samples() {}

    /** The columns of a sample file, with the "(shared-data only:)" notes removed. */
    public static List<String> columns(String file) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + file);
            }
            List<String> columns = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String column = line.replaceFirst("^\\([^)]*\\)\\s*", "").trim();
                if (!column.isEmpty()) {
                    columns.add(column);
                }
            }
            return columns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row for {@code columns}: the value for each column by name (any case), {@code other-<column>} for the rest. */
    public static List<String> row(List<String> columns, Map<String, String> values) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(values);
        List<String> row = new ArrayList<>(columns.size());
        for (String column : columns) {
            row.add(byName.containsKey(column) ? byName.get(column) : "other-" + column);
        }
        return row;
    }

    /** True for a StarRocks sample. */
    public static boolean starRocks(String file) {
        return file.startsWith("starrocks");
    }
}
